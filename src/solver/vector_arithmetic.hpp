#pragma once
// Private to the solver layer. Debian's SUNDIALS 6.4.1 libraries are compiled without
// optimisation (-O0: every local lives on the stack), and CVODE spends most of a step in the
// serial vector's arithmetic. These are the same operations, written as the same arithmetic in
// the same order (so the results are bit for bit those of SUNDIALS' serial vector), compiled with
// the project's flags.

#include <nvector/nvector_serial.h>

namespace cytostorm::solver::detail {

// Points the arithmetic operations CVODE uses on `v`, a serial vector, at the compiled ones.
// Clones copy a vector's operations, so every vector CVODE makes from `v` uses them too.
void use_compiled_arithmetic(N_Vector v);

}  // namespace cytostorm::solver::detail
