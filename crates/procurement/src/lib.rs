//! civitas-procurement (work in progress)
