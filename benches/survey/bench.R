# R `survey` side of the civitas survey benchmark: svyby + svyciprop(method = "logit") for every
# indicator x breakdown of a file written by generate.py.
# Usage: Rscript bench.R FILE.csv OUT.csv [N_INDICATORS]
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; out <- args[2]
n_ind <- if (length(args) >= 3) as.integer(args[3]) else 20
indicators <- c("internet_use", "home_internet", "mobile_owner", "smartphone", "computer", "daily_use",
  "skill_copy", "skill_attach", "skill_spreadsheet", "skill_connect", "skill_install",
  "skill_present", "skill_transfer", "skill_security", "skill_privacy", "skill_verify",
  "skill_code", "affordable", "meaningful", "eservices")[seq_len(n_ind)]
breakdowns <- c("gender", "age_group", "district", "income", "disability", "urban_rural")
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
t0 <- proc.time()[["elapsed"]]
d <- if (requireNamespace("data.table", quietly = TRUE)) data.table::fread(file, data.table = FALSE) else read.csv(file)
t1 <- proc.time()[["elapsed"]]
c1 <- cpu()
des <- svydesign(ids = ~ea, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
res <- list()
for (ind in indicators) for (b in breakdowns) {
  r <- svyby(as.formula(paste0("~", ind)), as.formula(paste0("~", b)), des, svyciprop,
             method = "logit", vartype = c("se", "ci"), na.rm = TRUE)
  res[[length(res) + 1]] <- data.frame(variable = paste0(ind, "=1"), by = b, domain = as.character(r[[b]]),
    estimate = as.numeric(coef(r)), se = as.numeric(SE(r)), ci_low = r$ci_l, ci_high = r$ci_u)
}
t2 <- proc.time()[["elapsed"]]; c2 <- cpu()
write.csv(do.call(rbind, res), out, row.names = FALSE)
cat(sprintf("R read_seconds=%.2f estimate_seconds=%.2f estimate_cpu_seconds=%.2f total_seconds=%.2f tables=%d\n",
            t1 - t0, t2 - t1, c2 - c1, t2 - t0, length(res)))
