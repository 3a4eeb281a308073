#pragma once
/// @file
/// Output files are written under a temporary name beside the target and renamed into place
/// only when complete, so a failed run never leaves a partial file.

#include <cstdio>
#include <string>
#include <string_view>

namespace cytostorm::io {

/// A file being written; `commit` renames it into place, the destructor removes it otherwise.
class AtomicFile {
 public:
  /// Opens a temporary file beside `path`; check `ok()` and `error()`.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  [[nodiscard]] bool ok() const { return file_ != nullptr; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::FILE* stream() { return file_; }

  /// Drops what was written so far and starts again (the file stays temporary).
  bool truncate();

  /// Flushes, syncs and renames the file into place; false with error() set on failure.
  bool commit();

 private:
  std::string path_, temp_, error_;
  std::FILE* file_ = nullptr;
};

/// Writes `content` to `path` through an AtomicFile.
/// @param path the file
/// @param content what it holds
/// @param error set to what went wrong (naming the file) when it fails
/// @return whether the file is in place
bool write_atomically(const std::string& path, std::string_view content, std::string& error);

}  // namespace cytostorm::io
