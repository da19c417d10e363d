//! Python's synchronisation primitives, traced. Each file says which real
//! mechanism it rests on.

pub mod barrier;
pub mod condition;
pub mod event;
pub mod lock;
pub mod queue;
pub mod semaphore;
pub mod value;

pub use barrier::Barrier;
pub use condition::Condition;
pub use event::Event;
pub use lock::{Lock, RLock};
pub use queue::{Item, Queue};
pub use semaphore::Semaphore;
pub use value::Value;
