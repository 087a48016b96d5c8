//! The web application driven in-process (`tower::ServiceExt::oneshot`, no
//! socket) on a real SQLite database with the demo city loaded.

mod authorization;
mod consultations;
mod divide;
mod harness;
mod knowledge;
mod kpi_api;
mod kpi_pages;
mod kpi_results;
mod open311;
mod openapi;
mod participation;
mod participation_outcomes;
mod procurement;
mod procurement_api;
mod security;
mod sessions;
mod strategy;
