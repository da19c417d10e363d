//! The lessons (see lessons/mod.rs).
