// The data folder: $CYTOSTORM_DATA when set and not empty, else the source tree's data/.
#include "cytostorm/io/data_folder.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace cytostorm::io {
namespace {

// Sets $CYTOSTORM_DATA for one test and restores it after.
class DataVariable {
 public:
  explicit DataVariable(const char* value) {
    if (const char* old = std::getenv("CYTOSTORM_DATA")) old_ = old;
    if (value) {
      setenv("CYTOSTORM_DATA", value, 1);
    } else {
      unsetenv("CYTOSTORM_DATA");
    }
  }
  ~DataVariable() {
    if (old_) {
      setenv("CYTOSTORM_DATA", old_->c_str(), 1);
    } else {
      unsetenv("CYTOSTORM_DATA");
    }
  }
  DataVariable(const DataVariable&) = delete;
  DataVariable& operator=(const DataVariable&) = delete;

 private:
  std::optional<std::string> old_;
};

TEST(DataDir, IsTheSourceTreesDataForABuildTreeProgram) {
  const DataVariable unset(nullptr);
  EXPECT_TRUE(std::filesystem::equivalent(data_dir(), CYTOSTORM_SOURCE_DIR "/data"));
  const DataVariable empty("");
  EXPECT_TRUE(std::filesystem::equivalent(data_dir(), CYTOSTORM_SOURCE_DIR "/data"));
}

TEST(DataDir, IsTheEnvironmentsFolderWhenSet) {
  const DataVariable set("/opt/elsewhere");
  EXPECT_EQ(data_dir(), "/opt/elsewhere");
}

}  // namespace
}  // namespace cytostorm::io
