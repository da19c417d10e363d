//! The reduced `View` as components receive it. The session updates one
//! `View` in place as events arrive and every component borrows that same
//! one while it renders; a version number (bumped when the view changes)
//! makes props compare unequal exactly when there is something new to draw.
//! A copy of the view per frame would cost more the longer a run goes (a
//! lock's hold history alone is tens of thousands of entries after a few
//! seconds at 50k events/s).

use lockstep_core::reduce::View;
use std::cell::{Ref, RefCell};
use std::rc::Rc;

#[derive(Clone)]
pub struct ViewRef {
    cell: Rc<RefCell<View>>,
    version: u64,
}

impl ViewRef {
    /// A view of its own (tests, replay).
    pub fn new(v: View) -> ViewRef {
        ViewRef {
            cell: Rc::new(RefCell::new(v)),
            version: 0,
        }
    }

    /// The session's live view at `version`.
    pub fn shared(cell: &Rc<RefCell<View>>, version: u64) -> ViewRef {
        ViewRef {
            cell: cell.clone(),
            version,
        }
    }

    /// Borrowed while rendering; the session only writes between frames.
    pub fn get(&self) -> Ref<'_, View> {
        self.cell.borrow()
    }
}

impl PartialEq for ViewRef {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.cell, &o.cell) && self.version == o.version
    }
}
