//! civitas-knowledge (work in progress)
