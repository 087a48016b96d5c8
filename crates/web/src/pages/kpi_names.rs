//! KPI names as the roadmap and procurement pages show them beside a code:
//! "EN: EN: AQ: 1C / PM2.5 – Air pollution — PM2.5", in the reader's language.

use crate::i18n::Lang;
use std::sync::OnceLock;

/// The U4SSC KPI catalogue, for KPI names and the forms' choices.
pub(crate) fn kpi_catalogue() -> Option<&'static civitas_indicators::Framework> {
    static CATALOGUE: OnceLock<Option<civitas_indicators::Framework>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| civitas_indicators::Framework::u4ssc_2017().ok())
        .as_ref()
}

/// The code (with its data point) and, when the catalogue knows it, the name;
/// an unknown code is shown as it is.
pub(crate) fn kpi_name(lang: Lang, kpi: &str, data_point: &str) -> String {
    let dp = (!data_point.is_empty()).then_some(data_point);
    let code = match dp {
        Some(dp) => format!("{kpi} / {dp}"),
        None => kpi.to_string(),
    };
    match kpi_catalogue().and_then(|c| c.measure(kpi, dp).ok()) {
        Some(m) => {
            let name = match m.data_point {
                Some(d) => format!(
                    "{} — {}",
                    m.kpi.name.get(lang.code()),
                    d.name.get(lang.code())
                ),
                None => m.kpi.name.get(lang.code()).to_string(),
            };
            format!("{code} – {name}")
        }
        None => code,
    }
}
