#pragma once
// Private to the solver layer: a dense direct linear solver for CVODE's Newton iteration, LU
// factorisation with partial pivoting of a SUNDIALS dense matrix. The same algorithm as
// SUNDIALS' dense solver (its row exchanges and the same arithmetic in the same order, so the
// same bits), compiled with the project's flags: Debian's SUNDIALS 6.4.1 is built without
// optimisation, and the factorisation and the triangular solves are most of a BDF step there.
// The triangular solves skip the factors' zeros (most of a model's Newton matrix).

#include <sundials/sundials_context.h>
#include <sundials/sundials_linearsolver.h>

namespace cytostorm::solver::detail {

// A linear solver for n x n SUNDIALS dense matrices (SUNDenseMatrix); free it with
// SUNLinSolFree. Its setup factorises the matrix in place and reports a singular one as
// SUNLS_LUFACT_FAIL (CVODE then retries with a smaller step), as SUNLinSol_Dense does.
SUNLinearSolver dense_lu_solver(sunindextype n, SUNContext context);

}  // namespace cytostorm::solver::detail
