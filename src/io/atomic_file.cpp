#include "cytostorm/io/atomic_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace cytostorm::io {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  temp_ = path_ + ".tmp-XXXXXX";
  const int fd = mkstemp(temp_.data());
  if (fd < 0) {
    error_ = fmt::format("{}: cannot create a file beside it: {}", path_, std::strerror(errno));
    return;
  }
  // mkstemp creates the file for its owner only; give it the permissions a new file would get.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  file_ = fdopen(fd, "w+b");
  if (!file_) {
    error_ = fmt::format("{}: {}", path_, std::strerror(errno));
    ::close(fd);
    std::remove(temp_.c_str());
  }
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

bool AtomicFile::truncate() {
  if (!file_) return false;
  std::fflush(file_);
  return std::fseek(file_, 0, SEEK_SET) == 0 && ftruncate(fileno(file_), 0) == 0;
}

bool AtomicFile::sync() {
  if (!file_) return false;
  // A write that failed earlier (a full disk) left the stream's error flag set.
  const bool failed_before = std::ferror(file_) != 0;
  if (std::fflush(file_) == 0 && fsync(fileno(file_)) == 0 && !failed_before) return true;
  error_ = fmt::format("{}: cannot write: {}", path_, std::strerror(errno ? errno : EIO));
  return false;
}

bool AtomicFile::commit() {
  if (!file_) return false;
  errno = 0;
  const bool flushed = sync();
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) {
    if (flushed) error_ = fmt::format("{}: cannot write: {}", path_, std::strerror(errno));
    std::remove(temp_.c_str());
    return false;
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    error_ = fmt::format("{}: cannot rename into place: {}", path_, std::strerror(errno));
    std::remove(temp_.c_str());
    return false;
  }
  return true;
}

bool write_atomically(const std::string& path, std::string_view content, std::string& error) {
  const std::pair<std::string, std::string_view> file{path, content};
  return write_all_atomically({&file, 1}, error);
}

bool write_all_atomically(std::span<const std::pair<std::string, std::string_view>> files,
                          std::string& error) {
  std::vector<std::unique_ptr<AtomicFile>> written;
  for (const auto& [path, content] : files) {
    auto& file = *written.emplace_back(std::make_unique<AtomicFile>(path));
    errno = 0;
    if (file.ok() &&
        std::fwrite(content.data(), 1, content.size(), file.stream()) == content.size() &&
        file.sync()) {
      continue;
    }
    error = !file.error().empty()
                ? file.error()
                : fmt::format("{}: cannot write: {}", path, std::strerror(errno ? errno : EIO));
    return false;  // the destructors remove every temporary file
  }
  for (auto& file : written) {
    if (!file->commit()) {
      error = file->error();
      return false;
    }
  }
  return true;
}

}  // namespace cytostorm::io
