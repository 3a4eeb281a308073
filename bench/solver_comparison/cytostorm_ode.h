/* A C interface to the virtual patient's equations (include/cytostorm/model/virtual_patient.hpp),
 * built as the shared library libcytostorm_ode, so that solvers outside C++ integrate the very
 * same compiled right-hand side and Jacobian: a plain CVODE C program, R deSolve (its interface
 * for compiled code) and SciPy (through ctypes). Nothing here copies the equations. */
#ifndef CYTOSTORM_ODE_H
#define CYTOSTORM_ODE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One virtual patient: the model with its parameters, product and covariates fixed. */
typedef struct cytostorm_ode cytostorm_ode;

/* @return the number of states (24), the length of y and dydt below */
int cytostorm_ode_size(void);

/* Builds a virtual patient from named inputs, as bench/solver_comparison/case_file.hpp describes
 * them: every model parameter by its name in data/model/parameters.toml (product overrides
 * already applied), "covariate.<name>" for each covariate and "product.cd4_fraction",
 * "product.infused_cells".
 * @param n the number of inputs
 * @param names their names
 * @param values their values
 * @param error written with a message (at most error_size bytes, NUL-terminated) on failure
 * @param error_size the size of error
 * @return the patient, to be released with cytostorm_ode_free; NULL when an input is missing,
 *   repeated, unknown or out of range (the message says which) */
cytostorm_ode* cytostorm_ode_create(int n, const char* const* names, const double* values,
                                    char* error, size_t error_size);

/* Releases a patient (NULL is allowed). */
void cytostorm_ode_free(cytostorm_ode* ode);

/* The right-hand side dy/dt (per day).
 * @param ode the patient
 * @param t days since the infusion
 * @param y the state (cytostorm_ode_size() values)
 * @param dydt written: the derivatives */
void cytostorm_ode_rhs(const cytostorm_ode* ode, double t, const double* y, double* dydt);

/* The exact Jacobian df/dy, column-major: jac[col * size + row].
 * @param ode the patient
 * @param t days since the infusion
 * @param y the state
 * @param jac written: size * size values */
void cytostorm_ode_jacobian(const cytostorm_ode* ode, double t, const double* y, double* jac);

/* R deSolve's interface for compiled code (vignette "compiledCode"), for one patient at a time.
 * From R: .C("cytostorm_desolve_setup", n, names, values, status, message) first, then
 * ode(..., dllname = "libcytostorm_ode", initfunc = "cytostorm_desolve_initmod", func =
 * "cytostorm_desolve_derivs", jacfunc = "cytostorm_desolve_jac", jactype = "fullusr", parms =
 * values). */

/* Builds the patient that deSolve will integrate (called through R's .C, which passes every
 * argument by pointer).
 * @param n the number of inputs
 * @param names their names
 * @param values their values, in the order of names (the parms given to ode() later)
 * @param status written: 0 when the patient was built, 1 when not
 * @param message written when status is 1: the reason, within the length of message[0] */
void cytostorm_desolve_setup(int* n, char** names, double* values, int* status, char** message);

/* deSolve's initfunc: reads parms through odeparms and selects the patient built from them (a
 * patient is built once per set of values; the last 16 are kept). A failure is reported on stderr
 * and makes cytostorm_desolve_derivs return NaN, which stops the integration. */
void cytostorm_desolve_initmod(void (*odeparms)(int*, double*));

/* deSolve's func: the right-hand side (no extra outputs). */
void cytostorm_desolve_derivs(int* neq, double* t, double* y, double* ydot, double* yout, int* ip);

/* deSolve's jacfunc (jactype "fullusr"): the full Jacobian, column-major with leading dimension
 * *nrowpd. */
void cytostorm_desolve_jac(int* neq, double* t, double* y, int* ml, int* mu, double* pd,
                           int* nrowpd, double* yout, int* ip);

#ifdef __cplusplus
}
#endif

#endif /* CYTOSTORM_ODE_H */
