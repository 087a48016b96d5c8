#!/usr/bin/env python3
"""Derive `u4ssc-2017.toml` from the research catalogue `u4ssc_kpis.csv`.

Run from the repository root, with the shared reference folder beside it:

    python3 crates/indicators/frameworks/make_u4ssc_2017.py \
        ../shared/reference/u4ssc_kpis.csv > crates/indicators/frameworks/u4ssc-2017.toml

The CSV gives codes, names, hierarchy, type, unit, formula parts, direction, SDG links and
provenance. What the CSV keeps in free-text notes is made explicit here, in one place, so a
reviewer can see every judgement we added: data points of multi-part KPIs, directions the
CSV marks `unknown`, the shared city input behind each denominator, plausible ranges, the
Verification Manual's expected ranges and the cross-KPI rules. The TOML is what Civitas
ships and reads; this script only documents and reproduces how it was made.
"""
import csv
import json
import sys

FRAMEWORK_VERSION = "2017.1"

DIMENSIONS = [("EC", "Economy"), ("EN", "Environment"), ("SC", "Society and Culture")]
SUB_DIMENSIONS = [
    ("ICT", "EC", "ICT"),
    ("P", "EC", "Productivity"),
    ("I", "EC", "Infrastructure"),
    ("EN", "EN", "Environment"),
    ("E", "EN", "Energy"),
    ("EH", "SC", "Education, Health and Culture"),
    ("SH", "SC", "Safety, Housing and Social Inclusion"),
]
# Category codes as kpi_notes.md lists them. Identity is (sub-dimension, category code).
CATEGORY_CODES = {
    "ICT Infrastructure": "ICT", "Water and Sanitation": "WS", "Drainage": "D",
    "Electricity Supply": "ES", "Transport": "T", "Public Sector": "PS", "Innovation": "IN",
    "Employment": "EM", "Waste": "WA", "Buildings": "B", "Urban Planning": "UP",
    "Air Quality": "AQ", "Environmental Quality": "EQ", "Public Space and Nature": "PSN",
    "Energy": "E", "Education": "ED", "Health": "H", "Culture": "C", "Housing": "HO",
    "Social Inclusion": "SI", "Safety": "SA", "Food Security": "FS",
}

# Shared city inputs (kpi_notes.md section e). Entered once per assessment, they fill the
# denominators of every KPI that names them.
CITY_INPUTS = [
    ("population", "Population", "inhabitants"),
    ("households", "Number of households", "households"),
    ("area", "City area", "km2"),
    ("gdp", "City GDP", "currency stated in the assessment"),
    ("labour_force", "Labour force", "persons"),
    ("youth_labour_force", "Youth labour force", "persons"),
    ("employed_labour_force", "Employed labour force", "persons"),
    ("school_aged_population", "School-aged population", "persons"),
    ("students_enrolled", "Students enrolled in schools", "persons"),
    ("adult_population", "Adult population (15 and over)", "persons"),
    ("live_births", "Live births in the year", "births"),
    ("children_0_3", "Children aged 0 to 3", "persons"),
    ("eligible_voters", "Eligible voters", "persons"),
    ("public_building_floor_area", "Floor area of public buildings", "m2"),
    ("electricity_customers", "Electricity customers", "customers"),
    ("electricity_meters", "Electricity meters", "meters"),
    ("water_meters", "Water meters", "meters"),
    ("major_streets_length", "Length of major streets", "km"),
    ("public_transport_stops", "Public transport stops and stations", "stops"),
    ("signalised_intersections", "Signal-controlled intersections", "intersections"),
    ("water_network_length", "Length of the water distribution system", "km"),
    ("drainage_network_length", "Length of the drainage / storm-water system", "km"),
    ("electricity_network_length", "Length of the electricity supply system", "km"),
    ("enterprises", "Enterprises", "enterprises"),
    ("data_sets", "Data sets (inventoried)", "data sets"),
    ("procurement_activities", "Public-sector procurement activities", "activities"),
    ("passenger_vehicles", "Registered passenger vehicles", "vehicles"),
]

# Sub-totals that must stay below a total. Households below population catches the
# Verification Manual's common error of entering inhabitants where households are asked.
SMALLER_THAN = {
    "households": "population",
    "labour_force": "population",
    "youth_labour_force": "labour_force",
    "employed_labour_force": "labour_force",
    "school_aged_population": "population",
    "adult_population": "population",
    "children_0_3": "population",
    "eligible_voters": "population",
}

HOUSEHOLD_KPIS = ["EC: ICT: ICT: 1C", "EC: ICT: ICT: 2C", "EC: I: WS: 1C", "EC: I: WS: 2C",
                  "EC: I: WS: 4C", "EC: I: WS: 5C", "EC: I: WA: 1C", "EC: I: ES: 3C",
                  "EN: EN: WS: 1C"]
INHABITANT_SHARE_KPIS = ["EC: I: T: 2A", "SC: EH: ED: 5A", "SC: EH: H: 5A", "SC: SH: HO: 1C",
                         "SC: SH: SI: 3C", "SC: SH: SA: 4A", "EN: EN: EQ: 2A", "EN: EN: PSN: 2A"]
PER_CAPITA_KPIS = ["EN: EN: AQ: 2C", "EN: EN: WS: 2C", "EN: E: E: 2C", "EN: E: E: 3C"]
DENOMINATOR_INPUT = {code: "households" for code in HOUSEHOLD_KPIS}
DENOMINATOR_INPUT.update({code: "population" for code in INHABITANT_SHARE_KPIS + PER_CAPITA_KPIS})
DENOMINATOR_INPUT.update({
    "EC: ICT: WS: 1C": "water_meters",
    "EC: ICT: WS: 2A": "water_network_length",
    "EC: ICT: D: 1A": "drainage_network_length",
    "EC: ICT: ES: 1C": "electricity_meters",
    "EC: ICT: ES: 2A": "electricity_network_length",
    "EC: ICT: ES: 3A": "electricity_customers",
    "EC: ICT: T: 1C": "public_transport_stops",
    "EC: ICT: T: 2C": "major_streets_length",
    "EC: ICT: T: 3A": "signalised_intersections",
    "EC: ICT: PS: 1A": "data_sets",
    "EC: ICT: PS: 3A": "procurement_activities",
    "EC: P: IN: 1C": "gdp",
    "EC: P: IN: 3A": "enterprises",
    "EC: P: EM: 1C": "labour_force",
    "EC: P: EM: 2C": "youth_labour_force",
    "EC: P: EM: 3A": "employed_labour_force",
    "EC: P: EM: 4A": "employed_labour_force",
    "EC: I: ES: 1C": "electricity_customers",
    "EC: I: T: 8A": "passenger_vehicles",
    "EC: I: B: 1A": "public_building_floor_area",
    "EC: I: B: 2A": "public_building_floor_area",
    "EC: I: UP: 1A": "area",
    "EN: EN: PSN: 3A": "area",
    "EN: E: E: 4A": "public_building_floor_area",
    "SC: EH: ED: 1C": "students_enrolled",
    "SC: EH: ED: 2C": "school_aged_population",
    "SC: EH: ED: 4C": "adult_population",
    "SC: EH: H: 2C": "live_births",
    "SC: SH: SI: 4C": "eligible_voters",
    "SC: SH: SI: 5A": "children_0_3",
    "SC: SH: SA: 2C": "gdp",
})

HB, LB, PARITY, YESNO, CONTEXT = "higher_is_better", "lower_is_better", "parity", "yes_no", "context"

# Directions for the rows the CSV marks `unknown` (kpi_notes.md section a).
DIRECTION_OVERRIDE = {
    "SC: SH: SI: 1C": PARITY,   # best value is 1.0 (female/male earnings), CSV notes
    "EC: P: EM: 3A": CONTEXT,   # tourism employment: CSV says direction not confirmed
}

SHARE = {"min": 0.0, "max": 100.0}
NON_NEGATIVE = {"min": 0.0}
# Plausible ranges: outside them a value is impossible or almost surely an entry error.
PLAUSIBLE_OVERRIDE = {
    "SC: EH: ED: 2C": NON_NEGATIVE,  # VM: enrolment above 100 % is possible (non-resident pupils)
    "SC: SH: SA: 2C": NON_NEGATIVE,  # a disaster can cost more than a year of GDP
    "SC: SH: SI: 2C": {"min": 0.0, "max": 1.0},  # Gini index
    "EC: I: T: 5A": {"min": 1.0},   # peak travel time cannot beat free flow
    "SC: EH: H: 1C": {"min": 20.0, "max": 100.0},
}
# Expected ranges the Verification Manual gives; outside them the verifier re-checks.
EXPECTED = {
    "EC: P: IN: 3A": {"min": 95.0, "basis": "Verification Manual (2022): SME share is expected above 95 %"},
    "EC: I: ES: 3C": {"min": 90.0, "basis": "Verification Manual (2022) p77: 90 % or more is normal"},
    "EC: I: WS: 5C": {"min": 90.0, "basis": "Verification Manual (2022) p73: 90 % or more is normal; re-check if much lower"},
}

# Multi-part KPIs: data points as cities report them (kpi_notes.md section a, CSV notes).
PPB = {"NO2": 1.9, "SO2": 2.62, "O3": 1.96}  # VM p95 factors ppb -> ug/m3
DATA_POINTS = {
    "EC: ICT: ICT: 4C": [("3G", "3G coverage", {}), ("4G", "4G coverage", {})],
    "EC: ICT: PS: 1A": [
        ("percent", "Open data sets (% of all data sets)", {}),
        # The count is entered as a value; a direct data point takes no multiplier or denominator.
        ("number", "Open data sets (number)", {"formula": "direct", "unit": "number",
                                                "plausible": NON_NEGATIVE}),
    ],
    "EC: I: T: 4A": [
        ("private_vehicle", "Private vehicle", {"direction": LB}),
        ("public_transport", "Public transport", {"direction": HB}),
        ("walking", "Walking", {"direction": HB}),
        ("cycling", "Cycling", {"direction": HB}),
        ("para_transport", "Para-transport", {"direction": CONTEXT}),
    ],
    "EC: I: UP: 2A": [
        ("compact", "Compact", {}),
        ("connected", "Connected", {}),
        ("integrated", "Integrated", {}),
        ("socially_inclusive", "Socially inclusive", {}),
        ("climate_resilient", "Climate resilient", {}),
    ],
    "EN: EN: AQ: 1C": [
        ("PM10", "PM10 annual mean", {}),
        ("PM2.5", "PM2.5 annual mean", {}),
        ("NO2", "NO2 annual mean", {"ppb_to_ug_m3": PPB["NO2"]}),
        ("SO2", "SO2 annual mean", {"ppb_to_ug_m3": PPB["SO2"]}),
        ("O3", "O3 annual mean", {"ppb_to_ug_m3": PPB["O3"]}),
    ],
    "EN: EN: WS: 4C": [
        ("primary", "Primary treatment", {}),
        ("secondary", "Secondary treatment", {}),
        ("tertiary", "Tertiary treatment", {}),
    ],
    "EN: EN: WA: 1C": [
        ("landfill", "Landfill", {"direction": LB}),
        ("burnt", "Burnt (open burning)", {"direction": LB}),
        ("incinerated", "Incinerated", {"direction": CONTEXT}),
        ("open_dump", "Open dump", {"direction": LB}),
        ("recycled", "Recycled", {"direction": HB}),
        ("other", "Other", {"direction": CONTEXT}),
    ],
}
PARTS_SUM = {"EC: I: T: 4A": 100.0, "EN: EN: WA: 1C": 100.0}

RULES = [
    {"id": "fixed_broadband_at_most_internet_access", "kind": "at_most",
     "subject": {"kpi": "EC: ICT: ICT: 2C"}, "reference": {"kpi": "EC: ICT: ICT: 1C"},
     "message": "Fixed broadband subscriptions should not exceed household Internet access",
     "source": "U4SSC Verification Manual (2022) p35-36"},
    {"id": "potable_at_most_basic_water", "kind": "at_most",
     "subject": {"kpi": "EC: I: WS: 2C"}, "reference": {"kpi": "EC: I: WS: 1C"},
     "message": "Potable water supply should not exceed basic water supply",
     "source": "U4SSC Verification Manual (2022) p68"},
    {"id": "smart_water_meters_at_most_smart_electricity_meters", "kind": "at_most",
     "subject": {"kpi": "EC: ICT: WS: 1C"}, "reference": {"kpi": "EC: ICT: ES: 1C"},
     "message": "Smart water meters are usually fewer than smart electricity meters; check both",
     "source": "U4SSC Verification Manual (2022) p44"},
    {"id": "outage_interruptions_match", "kind": "same",
     "subject": {"kpi": "EC: I: ES: 2C", "part": "denominator"},
     "reference": {"kpi": "EC: I: ES: 1C", "part": "numerator"},
     "message": "Outage time is divided by the number of customer interruptions that outage frequency counts; the two should match",
     "source": "catalogue formulas (SAIFI numerator, CAIDI denominator)"},
    {"id": "open_data_number_matches_percent", "kind": "same",
     "subject": {"kpi": "EC: ICT: PS: 1A", "data_point": "number"},
     "reference": {"kpi": "EC: ICT: PS: 1A", "data_point": "percent", "part": "numerator"},
     "message": "The number of open data sets should equal the numerator of the open data percentage",
     "source": "U4SSC Collection Methodology (2017) p37: both the percentage and the count are reported"},
]


def q(text):
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def num(x):
    return repr(float(x)) if float(x) != int(float(x)) else f"{int(float(x))}.0" if abs(float(x)) < 1e15 else repr(float(x))


def inline(d):
    parts = []
    for k, v in d.items():
        parts.append(f"{k} = {num(v) if isinstance(v, (int, float)) else q(v)}")
    return "{ " + ", ".join(parts) + " }"


def formula_of(row):
    if row["unit"] == "yes/no":
        return "yes_no"
    if row["multiplier"] and row["denominator"]:
        return "ratio"
    return "direct"


def direction_of(row, formula):
    code = row["code"]
    if code in DIRECTION_OVERRIDE:
        return DIRECTION_OVERRIDE[code]
    if formula == "yes_no":
        return YESNO
    return {"true": HB, "false": LB}.get(row["higher_is_better"])  # unknown: per data point


def plausible_of(row, formula):
    code = row["code"]
    if code in PLAUSIBLE_OVERRIDE:
        return PLAUSIBLE_OVERRIDE[code]
    if formula == "yes_no":
        return None
    if row["unit"].startswith("%"):
        return SHARE
    return NON_NEGATIVE


def main(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    out = []
    w = out.append
    w("# U4SSC key performance indicators for smart sustainable cities, as a Civitas framework.")
    w("# Generated by make_u4ssc_2017.py from shared/reference/u4ssc_kpis.csv (see that script for every")
    w("# judgement added to the catalogue). Edit the script and regenerate rather than editing by hand.")
    w("# Names are maps from language tag to text so translations can be added beside `en`.")
    w("")
    w("[framework]")
    w('id = "u4ssc"')
    w(f'version = "{FRAMEWORK_VERSION}"  # 2017 = ITU edition (Collection Methodology 2017); .1 = Civitas data revision')
    w('name = { en = "U4SSC Key Performance Indicators for Smart Sustainable Cities" }')
    w('standard = "Recommendation ITU-T Y.4903"')
    w('source = "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/"')
    w("")
    for code, name in DIMENSIONS:
        w("[[dimensions]]")
        w(f"code = {q(code)}")
        w(f"name = {{ en = {q(name)} }}")
        w("")
    for code, dim, name in SUB_DIMENSIONS:
        w("[[sub_dimensions]]")
        w(f"code = {q(code)}")
        w(f"dimension = {q(dim)}")
        w(f"name = {{ en = {q(name)} }}")
        w("")
    sub_by_name = {name: code for code, _, name in SUB_DIMENSIONS}
    seen = []
    for r in rows:
        key = (sub_by_name[r["sub_dimension"]], CATEGORY_CODES[r["category"]], r["category"])
        if key not in seen:
            seen.append(key)
    for sub, cat, name in seen:
        w("[[categories]]")
        w(f"sub_dimension = {q(sub)}")
        w(f"code = {q(cat)}")
        w(f"name = {{ en = {q(name)} }}")
        w("")
    for cid, name, unit in CITY_INPUTS:
        w("[[city_inputs]]")
        w(f"id = {q(cid)}")
        w(f"name = {{ en = {q(name)} }}")
        w(f"unit = {q(unit)}")
        if cid in SMALLER_THAN:
            w(f"smaller_than = {q(SMALLER_THAN[cid])}")
        w("")
    dim_by_name = {name: code for code, name in DIMENSIONS}
    for r in rows:
        code = r["code"]
        formula = formula_of(r)
        direction = direction_of(r, formula)
        w("[[kpis]]")
        w(f"code = {q(code)}")
        w(f"name = {{ en = {q(r['name'])} }}")
        w(f"dimension = {q(dim_by_name[r['dimension']])}")
        w(f"sub_dimension = {q(sub_by_name[r['sub_dimension']])}")
        w(f"category = {q(CATEGORY_CODES[r['category']])}  # {r['category']}")
        w(f"type = {q(r['type'])}")
        w(f"unit = {q(r['unit'])}")
        w(f"formula = {q(formula)}")
        if r["numerator"]:
            w(f"numerator = {{ en = {q(r['numerator'])} }}")
        if r["denominator"]:
            w(f"denominator = {{ en = {q(r['denominator'])} }}")
        if formula == "ratio":
            w(f"multiplier = {num(r['multiplier'])}")
        # Every "per 100 000 inhabitants" and per-capita denominator is the city population.
        denominator_input = DENOMINATOR_INPUT.get(code) or (
            "population" if r["denominator"].startswith("city population") else None)
        if denominator_input and formula == "ratio":
            w(f"denominator_input = {q(denominator_input)}")
        if direction:
            w(f"direction = {q(direction)}")
        if r["sdg_targets"]:
            w("sdg_targets = [" + ", ".join(q(s) for s in r["sdg_targets"].split(";")) + "]")
        plausible = plausible_of(r, formula)
        if plausible:
            w(f"plausible = {inline(plausible)}")
        if code in EXPECTED:
            w(f"expected = {inline(EXPECTED[code])}")
        if code in PARTS_SUM:
            w(f"parts_sum = {num(PARTS_SUM[code])}")
        w(f"evidence = {q(r['evidence'])}")
        w("sources = [" + ", ".join(q(s.strip()) for s in r["source"].split(" ; ")) + "]")
        if r["notes"]:
            w(f"notes = {q(r['notes'])}")
        for dp_id, dp_name, extra in DATA_POINTS.get(code, []):
            w("")
            w("[[kpis.data_points]]")
            w(f"id = {q(dp_id)}")
            w(f"name = {{ en = {q(dp_name)} }}")
            for k, v in extra.items():
                if k == "plausible":
                    w(f"plausible = {inline(v)}")
                elif isinstance(v, (int, float)):
                    w(f"{k} = {num(v)}")
                else:
                    w(f"{k} = {q(v)}")
        w("")
    for rule in RULES:
        w("[[rules]]")
        w(f"id = {q(rule['id'])}")
        w(f"kind = {q(rule['kind'])}")
        w(f"subject = {inline(rule['subject'])}")
        w(f"reference = {inline(rule['reference'])}")
        w(f"message = {{ en = {q(rule['message'])} }}")
        w(f"source = {q(rule['source'])}")
        w("")
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/u4ssc_kpis.csv")
