#pragma once
// The processes of a run: one, or the ranks of an MPI job when the CLI was built with
// CYTOSTORM_WITH_MPI and started by mpirun. Rank r runs patients r, r + K, ...; rank 0 gathers
// the outcomes and writes the outputs.

#include <string>
#include <vector>

#include "cytostorm/population/patient_outcome.hpp"

namespace cytostorm::cli {

/// The processes of this run; MPI is initialised by the constructor when the program was
/// started by mpirun (and finalised by the destructor).
class Ranks {
 public:
  Ranks();
  ~Ranks();
  Ranks(const Ranks&) = delete;
  Ranks& operator=(const Ranks&) = delete;

  /// This process's rank (0 without MPI).
  [[nodiscard]] int rank() const { return rank_; }
  /// The number of ranks (1 without MPI).
  [[nodiscard]] int size() const { return size_; }
  /// The ranks on this machine (to share its cores between them).
  [[nodiscard]] int local_size() const { return local_size_; }
  /// Whether this rank writes the outputs and the messages.
  [[nodiscard]] bool leader() const { return rank_ == 0; }

  /// Gathers every rank's outcomes on rank 0, in index order; other ranks get nothing back.
  std::vector<population::PatientOutcome> gather(std::vector<population::PatientOutcome> mine);

  /// Whether every rank says yes (a collective: all ranks must call it).
  bool all(bool mine);

  /// Stops every rank at once after an internal error on one.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool mpi_ = false;
};

}  // namespace cytostorm::cli
