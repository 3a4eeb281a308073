#include "cytostorm/serve/web_files.hpp"

#include <filesystem>
#include <map>

namespace cytostorm::serve {

std::string content_type_for(const std::string& path) {
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".mjs", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".json", "application/json"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".ico", "image/x-icon"},
                                                        {".csv", "text/csv; charset=utf-8"},
                                                        {".txt", "text/plain; charset=utf-8"},
                                                        {".map", "application/json"}};
  const auto it = types.find(std::filesystem::path(path).extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::optional<WebFile> find_web_file(const std::string& web_dir, const std::string& url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::filesystem::path file(web_dir);
  std::string rest = url_path.substr(1);
  constexpr std::string_view kVendor = "vendor/uplot/";
  if (rest.starts_with(kVendor)) {
    file /= "node_modules/uplot/dist";
    rest = rest.substr(kVendor.size());
  }
  if (rest.empty() || rest.back() == '/') rest += "index.html";
  if (std::filesystem::path(rest).has_root_path()) return std::nullopt;
  for (const auto& part : std::filesystem::path(rest)) {
    const std::string name = part.string();
    // No way out of the folder, and nothing hidden (.git, .env) or beside the pages.
    if (name.empty() || name.front() == '.' || name.find('\\') != std::string::npos ||
        name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
      return std::nullopt;
    }
    if (name == "node_modules") return std::nullopt;
  }
  file /= rest;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  return WebFile{file.string(), content_type_for(file.string())};
}

}  // namespace cytostorm::serve
