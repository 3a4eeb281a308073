/* plain_cvode: the cases of bench/solver_comparison.sh integrated by a plain C program against
 * Debian's SUNDIALS CVODE, with the virtual patient's compiled right-hand side and Jacobian from
 * libcytostorm_ode (cytostorm_ode.h). The same method and settings as cytostorm's solver (BDF,
 * dense direct linear solver, exact Jacobian, scalar tolerances, CVODE's defaults otherwise,
 * outputs interpolated as the virtual patient's solver does), written directly against the C API
 * with the solver memory made once and re-initialised per case, using SUNDIALS' own modules: the
 * serial vector, the dense matrix and linear solver, CVODE's linear system function. cytostorm's
 * solver replaces the vector arithmetic and the LU factorisation by its own compiled copies of the
 * same arithmetic (Debian builds SUNDIALS without optimisation), so both give the same
 * trajectories to the last bit (compare.py checks) and ours / plain CVODE measures only that.
 *
 *   plain_cvode --out DIR [--samples S] [--min-seconds X] [--rtol R --atol A] [--stop-at-outputs]
 *               CASE...
 *
 * Writes each trajectory to DIR/<case file name> and prints
 * `timing plain-cvode SECONDS_PER_RUN SAMPLES RUNS_PER_SAMPLE STEPS RHS_EVALS JAC_EVALS` (the
 * median CPU time per run of all cases, as solver_comparison.cpp does for ours). --rtol and
 * --atol replace the cases' tolerances: the reference solution is this program at tight ones.
 * --stop-at-outputs sets a stop time at every output, so CVODE never steps past one (the runner is
 * then named plain-cvode-stops); it shows what the stops cost. */
#include <cvode/cvode.h>
#include <math.h>
#include <nvector/nvector_serial.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sys/stat.h>
#include <time.h>

#include "cytostorm_ode.h"

#define MAX_LINE 512

/* One case file (case_file.hpp): the settings, the named inputs, the initial state. */
typedef struct {
  const char* path;
  double rtol, atol;
  int days, outputs_per_day;
  int n_inputs;
  char** input_names;
  double* input_values;
  int n_states;
  char** state_names;
  double* y0;
  cytostorm_ode* ode;
  double* trajectory; /* (days * outputs_per_day + 1) x n_states */
} Case;

static void die(const char* what, const char* detail) {
  fprintf(stderr, "plain_cvode: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static void* grow(void* p, size_t count, size_t size) {
  void* q = realloc(p, count * size);
  if (!q) die("out of memory", NULL);
  return q;
}

static char* copy_string(const char* s) {
  char* c = grow(NULL, strlen(s) + 1, 1);
  strcpy(c, s);
  return c;
}

static void append(char*** names, double** values, int* n, const char* name, double value) {
  *names = grow(*names, (size_t)*n + 1, sizeof(char*));
  *values = grow(*values, (size_t)*n + 1, sizeof(double));
  (*names)[*n] = copy_string(name);
  (*values)[*n] = value;
  ++*n;
}

static void read_case(Case* c, const char* path) {
  char line[MAX_LINE];
  int number = 0, header = 0, settings = 0; /* one bit per setting seen */
  FILE* in = fopen(path, "r");
  if (!in) die("cannot open", path);
  memset(c, 0, sizeof *c);
  c->path = path;
  while (fgets(line, sizeof line, in)) {
    char kind[MAX_LINE], name[MAX_LINE], rest[MAX_LINE];
    char* end = NULL;
    double value = 0;
    ++number;
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '#') continue;
    if (!header) {
      if (strcmp(line, "kind,name,value") != 0) die("expected the header kind,name,value", path);
      header = 1;
      continue;
    }
    if (sscanf(line, "%[^,],%[^,],%s", kind, name, rest) != 3) {
      fprintf(stderr, "plain_cvode: %s:%d: expected kind,name,value\n", path, number);
      exit(2);
    }
    value = strtod(rest, &end);
    if (*end != '\0' || !isfinite(value)) {
      fprintf(stderr, "plain_cvode: %s:%d: value: '%s' is not a finite number\n", path, number,
              rest);
      exit(2);
    }
    if (strcmp(kind, "input") == 0) {
      append(&c->input_names, &c->input_values, &c->n_inputs, name, value);
    } else if (strcmp(kind, "state") == 0) {
      append(&c->state_names, &c->y0, &c->n_states, name, value);
    } else if (strcmp(kind, "setting") == 0) {
      if (strcmp(name, "rtol") == 0) {
        c->rtol = value;
        settings |= 1;
      } else if (strcmp(name, "atol") == 0) {
        c->atol = value;
        settings |= 2;
      } else if (strcmp(name, "days") == 0) {
        c->days = (int)value;
        settings |= 4;
      } else if (strcmp(name, "outputs_per_day") == 0) {
        c->outputs_per_day = (int)value;
        settings |= 8;
      } else {
        fprintf(stderr, "plain_cvode: %s:%d: name: unknown setting '%s'\n", path, number, name);
        exit(2);
      }
    } else {
      fprintf(stderr, "plain_cvode: %s:%d: kind: unknown kind '%s'\n", path, number, kind);
      exit(2);
    }
  }
  fclose(in);
  if (settings != 15 || c->days < 1 || c->outputs_per_day < 1 || !(c->rtol > 0) || !(c->atol > 0)) {
    die("the settings rtol, atol, days and outputs_per_day are missing or not positive", path);
  }
  if (c->n_states != cytostorm_ode_size()) die("the number of states is not the model's", path);
}

static int rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* user) {
  cytostorm_ode_rhs(user, t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  return 0;
}

static int jacobian(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void* user, N_Vector t1,
                    N_Vector t2, N_Vector t3) {
  (void)fy;
  (void)t1;
  (void)t2;
  (void)t3;
  cytostorm_ode_jacobian(user, t, N_VGetArrayPointer(y), SUNDenseMatrix_Data(jac));
  return 0;
}

static void check(int flag, const char* function) {
  if (flag < 0) {
    fprintf(stderr, "plain_cvode: %s failed with flag %d\n", function, flag);
    exit(1);
  }
}

/* The solver's work, summed over the cases of one run. */
typedef struct {
  long steps, rhs_evals, jac_evals;
} Work;

/* One run: every case from its initial state to its last output. */
static Work run_once(Case* cases, int n_cases, void* cvode, N_Vector y, int stop_at_outputs) {
  Work work = {0, 0, 0};
  for (int k = 0; k < n_cases; ++k) {
    Case* c = &cases[k];
    const int n = c->n_states;
    const int outputs = c->days * c->outputs_per_day;
    long steps = 0, f = 0, fl = 0, jacs = 0;
    memcpy(N_VGetArrayPointer(y), c->y0, (size_t)n * sizeof(double));
    memcpy(c->trajectory, c->y0, (size_t)n * sizeof(double));
    check(CVodeReInit(cvode, 0.0, y), "CVodeReInit");
    check(CVodeSetUserData(cvode, c->ode), "CVodeSetUserData");
    for (int j = 1; j <= outputs; ++j) {
      const double t = j / (double)c->outputs_per_day;
      sunrealtype reached = 0;
      if (stop_at_outputs) check(CVodeSetStopTime(cvode, t), "CVodeSetStopTime");
      check(CVode(cvode, t, y, &reached, CV_NORMAL), "CVode");
      memcpy(c->trajectory + (size_t)j * (size_t)n, N_VGetArrayPointer(y),
             (size_t)n * sizeof(double));
    }
    CVodeGetNumSteps(cvode, &steps);
    CVodeGetNumRhsEvals(cvode, &f);
    CVodeGetNumLinRhsEvals(cvode, &fl);
    CVodeGetNumJacEvals(cvode, &jacs);
    work.steps += steps;
    work.rhs_evals += f + fl;
    work.jac_evals += jacs;
  }
  return work;
}

static void write_trajectory(const Case* c, const char* dir) {
  const char* base = strrchr(c->path, '/');
  char path[4096];
  FILE* out = NULL;
  snprintf(path, sizeof path, "%s/%s", dir, base ? base + 1 : c->path);
  out = fopen(path, "w");
  if (!out) die("cannot write", path);
  fprintf(out, "time");
  for (int i = 0; i < c->n_states; ++i) fprintf(out, ",%s", c->state_names[i]);
  fprintf(out, "\n");
  for (int j = 0; j <= c->days * c->outputs_per_day; ++j) {
    fprintf(out, "%.17g", j / (double)c->outputs_per_day);
    for (int i = 0; i < c->n_states; ++i) {
      fprintf(out, ",%.17g", c->trajectory[(size_t)j * (size_t)c->n_states + (size_t)i]);
    }
    fprintf(out, "\n");
  }
  if (fclose(out) != 0) die("cannot write", path);
}

static double cpu_seconds(void) {
  return (double)clock() / CLOCKS_PER_SEC;
}

static int by_value(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double number(const char* option, const char* text) {
  char* end = NULL;
  const double v = text ? strtod(text, &end) : NAN;
  if (!text || *end != '\0' || !(v >= 0)) die("expected a non-negative number after", option);
  return v;
}

int main(int argc, char** argv) {
  const char* out_dir = NULL;
  int samples = 15;
  double min_seconds = 0.2, rtol = 0, atol = 0;
  int stop_at_outputs = 0;
  Case* cases = NULL;
  int n_cases = 0;
  for (int a = 1; a < argc; ++a) {
    const char* next = a + 1 < argc ? argv[a + 1] : NULL;
    if (strcmp(argv[a], "--out") == 0 && next) {
      out_dir = argv[++a];
    } else if (strcmp(argv[a], "--samples") == 0) {
      samples = (int)number(argv[a], next);
      ++a;
    } else if (strcmp(argv[a], "--min-seconds") == 0) {
      min_seconds = number(argv[a], next);
      ++a;
    } else if (strcmp(argv[a], "--rtol") == 0) {
      rtol = number(argv[a], next);
      ++a;
    } else if (strcmp(argv[a], "--atol") == 0) {
      atol = number(argv[a], next);
      ++a;
    } else if (strcmp(argv[a], "--stop-at-outputs") == 0) {
      stop_at_outputs = 1;
    } else if (argv[a][0] == '-') {
      die("unknown option (--out DIR, --samples S, --min-seconds X, --rtol R, --atol A, "
          "--stop-at-outputs)",
          argv[a]);
    } else {
      cases = grow(cases, (size_t)n_cases + 1, sizeof(Case));
      read_case(&cases[n_cases++], argv[a]);
    }
  }
  if (!out_dir || n_cases == 0) die("usage: plain_cvode --out DIR [options] CASE...", NULL);
  for (int k = 0; k < n_cases; ++k) {
    char error[512] = "";
    Case* c = &cases[k];
    if (rtol > 0) c->rtol = rtol;
    if (atol > 0) c->atol = atol;
    if (c->rtol != cases[0].rtol || c->atol != cases[0].atol) {
      die("the cases must share rtol and atol", c->path);
    }
    c->ode = cytostorm_ode_create(c->n_inputs, (const char* const*)c->input_names, c->input_values,
                                  error, sizeof error);
    if (!c->ode) die(c->path, error);
    c->trajectory = grow(NULL, (size_t)(c->days * c->outputs_per_day + 1) * (size_t)c->n_states,
                         sizeof(double));
  }

  /* The solver, made once. */
  const sunindextype n = cytostorm_ode_size();
  SUNContext context = NULL;
  check(SUNContext_Create(NULL, &context), "SUNContext_Create");
  N_Vector y = N_VNew_Serial(n, context);
  memcpy(N_VGetArrayPointer(y), cases[0].y0, (size_t)n * sizeof(double));
  void* cvode = CVodeCreate(CV_BDF, context);
  if (!y || !cvode) die("out of memory", NULL);
  check(CVodeInit(cvode, rhs, 0.0, y), "CVodeInit");
  check(CVodeSStolerances(cvode, cases[0].rtol, cases[0].atol), "CVodeSStolerances");
  check(CVodeSetMaxNumSteps(cvode, 100000), "CVodeSetMaxNumSteps");
  SUNMatrix matrix = SUNDenseMatrix(n, n, context);
  SUNLinearSolver linear = SUNLinSol_Dense(y, matrix, context);
  check(CVodeSetLinearSolver(cvode, linear, matrix), "CVodeSetLinearSolver");
  check(CVodeSetJacFn(cvode, jacobian), "CVodeSetJacFn");

  /* The first run writes the trajectories and measures the work; then the timed samples. */
  double start = cpu_seconds();
  const Work work = run_once(cases, n_cases, cvode, y, stop_at_outputs);
  const double first = cpu_seconds() - start;
  mkdir(out_dir, 0777); /* an existing directory is fine; fopen reports any other failure */
  for (int k = 0; k < n_cases; ++k) write_trajectory(&cases[k], out_dir);
  const int runs = first >= min_seconds ? 1 : (int)ceil(min_seconds / fmax(first, 1e-6));
  double* per_run = grow(NULL, (size_t)samples + 1, sizeof(double));
  for (int s = 0; s < samples; ++s) {
    start = cpu_seconds();
    for (int r = 0; r < runs; ++r) run_once(cases, n_cases, cvode, y, stop_at_outputs);
    per_run[s] = (cpu_seconds() - start) / runs;
  }
  qsort(per_run, (size_t)samples, sizeof(double), by_value);
  printf("timing %s %.6e %d %d %ld %ld %ld\n",
         stop_at_outputs ? "plain-cvode-stops" : "plain-cvode",
         samples > 0 ? per_run[samples / 2] : first, samples, runs, work.steps, work.rhs_evals,
         work.jac_evals);

  free(per_run);
  CVodeFree(&cvode);
  SUNLinSolFree(linear);
  SUNMatDestroy(matrix);
  N_VDestroy(y);
  SUNContext_Free(&context);
  for (int k = 0; k < n_cases; ++k) {
    Case* c = &cases[k];
    for (int i = 0; i < c->n_inputs; ++i) free(c->input_names[i]);
    for (int i = 0; i < c->n_states; ++i) free(c->state_names[i]);
    free(c->input_names);
    free(c->input_values);
    free(c->state_names);
    free(c->y0);
    free(c->trajectory);
    cytostorm_ode_free(c->ode);
  }
  free(cases);
  return 0;
}
