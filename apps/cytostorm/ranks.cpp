#include "ranks.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#ifdef CYTOSTORM_WITH_MPI
#include <mpi.h>
#endif

namespace cytostorm::cli {

namespace {

// Whether mpirun (Open MPI, or a PMI/PMIx launcher) started this process.
[[maybe_unused]] bool started_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"}) {
    if (std::getenv(name)) return true;
  }
  return false;
}

}  // namespace

Ranks::Ranks() {
#ifdef CYTOSTORM_WITH_MPI
  if (!started_by_mpirun()) return;
  MPI_Init(nullptr, nullptr);
  mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
#endif
}

Ranks::~Ranks() {
#ifdef CYTOSTORM_WITH_MPI
  if (mpi_) MPI_Finalize();
#endif
}

std::vector<population::PatientOutcome> Ranks::gather(
    std::vector<population::PatientOutcome> mine) {
  if (!mpi_) return mine;
#ifdef CYTOSTORM_WITH_MPI
  const std::string bytes = population::pack_outcomes(mine);
  int size = static_cast<int>(bytes.size());
  std::vector<int> sizes(static_cast<std::size_t>(size_));
  MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(sizes.size(), 0);
  std::string all;
  if (leader()) {
    for (std::size_t r = 1; r < sizes.size(); ++r) offsets[r] = offsets[r - 1] + sizes[r - 1];
    all.resize(static_cast<std::size_t>(offsets.back() + sizes.back()));
  }
  MPI_Gatherv(bytes.data(), size, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  if (!leader()) return {};
  std::vector<population::PatientOutcome> out;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    auto part = population::unpack_outcomes(
        all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r])));
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  return out;
#else
  return mine;
#endif
}

bool Ranks::all(bool mine) {
#ifdef CYTOSTORM_WITH_MPI
  if (mpi_) {
    int in = mine ? 1 : 0;
    int out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return out == 1;
  }
#endif
  return mine;
}

void Ranks::abort(int code) {
#ifdef CYTOSTORM_WITH_MPI
  if (mpi_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace cytostorm::cli
