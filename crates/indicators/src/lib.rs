//! civitas-indicators (work in progress)
