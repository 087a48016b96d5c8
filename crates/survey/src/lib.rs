//! civitas-survey (work in progress)
