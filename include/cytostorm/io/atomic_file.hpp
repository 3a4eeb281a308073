#pragma once
/// @file
/// Output files are written under a temporary name beside the target and renamed into place
/// only when complete, so a failed run never leaves a partial file.

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <utility>

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

  /// Flushes and syncs what was written, keeping the temporary name; false with error() set on
  /// failure (a full disk shows here).
  bool sync();

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

/// Writes several files all or none: each is written and synced under a temporary name, and
/// they are renamed into place only when every one is complete, so a full disk or an unwritable
/// folder leaves none of them (nor a partial one).
/// @param files each file's path and content
/// @param error set to what went wrong (naming the file) when it fails
/// @return whether every file is in place
bool write_all_atomically(std::span<const std::pair<std::string, std::string_view>> files,
                          std::string& error);

}  // namespace cytostorm::io
