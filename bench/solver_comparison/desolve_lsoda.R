# The cases of bench/solver_comparison.sh integrated by R deSolve's lsoda with the virtual
# patient's compiled right-hand side and Jacobian (libcytostorm_ode, through deSolve's interface
# for compiled code: dllname, initfunc, func, jacfunc; vignette "compiledCode").
#
#   Rscript desolve_lsoda.R --lib PATH/libcytostorm_ode.so --out DIR [--samples S]
#                           [--min-seconds X] CASE...
#
# Writes each trajectory to DIR/<case file name> and prints
# `timing desolve-lsoda SECONDS_PER_RUN SAMPLES RUNS_PER_SAMPLE STEPS RHS_EVALS JAC_EVALS`: the
# median over S samples of the CPU time (user + system) per run of all cases, each sample
# repeating the run enough times to last X seconds. A run is one ode() call per case, as a deSolve
# user makes it (argument checks, initfunc reading parms, the integration, the output matrix); the
# library builds each patient once, as the other runners do outside their timed loops.
suppressPackageStartupMessages(library(deSolve))

fail <- function(...) {
  message("desolve_lsoda: ", ...)
  quit(status = 2)
}

args <- commandArgs(trailingOnly = TRUE)
options <- list(lib = NULL, out = NULL, samples = 9, min_seconds = 0.2)
cases <- character()
i <- 1
while (i <= length(args)) {
  a <- args[i]
  key <- switch(a, "--lib" = "lib", "--out" = "out", "--samples" = "samples",
                "--min-seconds" = "min_seconds", NA)
  if (!is.na(key)) {
    if (i == length(args)) fail(a, " needs a value")
    options[[key]] <- args[i + 1]
    i <- i + 2
  } else if (startsWith(a, "-")) {
    fail("unknown option ", a, " (--lib, --out, --samples, --min-seconds)")
  } else {
    cases <- c(cases, a)
    i <- i + 1
  }
}
if (is.null(options$lib) || is.null(options$out) || length(cases) == 0) {
  fail("usage: Rscript desolve_lsoda.R --lib LIB --out DIR [options] CASE...")
}
samples <- as.integer(options$samples)
min_seconds <- as.numeric(options$min_seconds)
if (is.na(samples) || samples < 0 || is.na(min_seconds) || min_seconds < 0) {
  fail("--samples and --min-seconds must be non-negative numbers")
}

dll <- dyn.load(options$lib)
dll_name <- dll[["name"]]

# A case file (case_file.hpp): settings, named inputs, initial state.
read_case <- function(path) {
  rows <- read.csv(path, comment.char = "#", colClasses = c("character", "character", "numeric"))
  setting <- function(name) {
    v <- rows$value[rows$kind == "setting" & rows$name == name]
    if (length(v) != 1) fail(path, ": setting '", name, "' missing")
    v
  }
  inputs <- rows[rows$kind == "input", ]
  states <- rows[rows$kind == "state", ]
  y0 <- setNames(states$value, states$name)
  per_day <- setting("outputs_per_day")
  list(path = path, rtol = setting("rtol"), atol = setting("atol"),
       times = (0:(setting("days") * per_day)) / per_day,
       names = inputs$name, values = inputs$value, y0 = y0)
}
cases <- lapply(cases, read_case)

# The inputs' names go to the library once (all cases share them); each ode() call hands the
# values over as parms, which initfunc reads.
setup <- .C("cytostorm_desolve_setup", as.integer(length(cases[[1]]$names)),
            as.character(cases[[1]]$names), as.double(cases[[1]]$values), status = integer(1),
            message = strrep(" ", 500), PACKAGE = dll_name)
if (setup$status != 0) fail(cases[[1]]$path, ": ", trimws(setup$message))
for (c in cases) {
  if (!identical(c$names, cases[[1]]$names)) fail(c$path, ": the inputs differ from the first case")
}

integrate <- function(c) {
  ode(y = c$y0, times = c$times, func = "cytostorm_desolve_derivs",
      jacfunc = "cytostorm_desolve_jac", jactype = "fullusr", parms = c$values,
      dllname = dll_name, initfunc = "cytostorm_desolve_initmod", method = "lsoda",
      rtol = c$rtol, atol = c$atol, maxsteps = 100000)
}

run_once <- function() lapply(cases, integrate)

cpu <- function() {
  t <- proc.time()
  t[["user.self"]] + t[["sys.self"]]
}

start <- cpu()
outs <- run_once()
first <- cpu() - start
dir.create(options$out, showWarnings = FALSE, recursive = TRUE)
work <- c(0, 0, 0)
for (k in seq_along(cases)) {
  out <- outs[[k]]
  istate <- attr(out, "istate")
  if (istate[1] != 2) fail(cases[[k]]$path, ": lsoda failed (istate ", istate[1], ")")
  # lsoda's istate: 2 steps, 3 function evaluations, 14 Jacobian evaluations (diagnostics()).
  work <- work + istate[c(2, 3, 14)]
  values <- matrix(sprintf("%.17g", out), nrow = nrow(out))
  writeLines(c(paste(colnames(out), collapse = ","), apply(values, 1, paste, collapse = ",")),
             file.path(options$out, basename(cases[[k]]$path)))
}

runs <- max(1L, as.integer(ceiling(min_seconds / max(first, 1e-3))))
per_run <- vapply(seq_len(samples), function(s) {
  start <- cpu()
  for (r in seq_len(runs)) run_once()
  (cpu() - start) / runs
}, numeric(1))
median_time <- if (samples > 0) sort(per_run)[samples %/% 2 + 1] else first
cat(sprintf("timing desolve-lsoda %.6e %d %d %d %d %d\n", median_time, samples, runs,
            work[1], work[2], work[3]))
