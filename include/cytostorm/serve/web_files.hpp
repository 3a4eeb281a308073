#pragma once
/// @file
/// The bedside pages as files: which file of the web folder a URL names, and its content type.

#include <optional>
#include <string>

namespace cytostorm::serve {

/// A file to send for a URL.
struct WebFile {
  std::string path;          ///< on disk
  std::string content_type;  ///< "text/html; charset=utf-8", "text/javascript", ...
};

/// The file `url_path` names: "/" is index.html, "/vendor/uplot/NAME" is
/// node_modules/uplot/dist/NAME, anything else a file under `web_dir`.
/// @param web_dir the web folder (web/ of the source tree, or the installed one)
/// @param url_path the decoded path of the URL
/// @return the file, or nothing when it does not exist, is not a regular file, or the path
///   names a hidden file or tries to leave the folder ("..")
std::optional<WebFile> find_web_file(const std::string& web_dir, const std::string& url_path);

/// The content type for a file name's extension ("application/octet-stream" when unknown).
/// @param path the file name
/// @return the MIME type, with the charset for text
std::string content_type_for(const std::string& path);

}  // namespace cytostorm::serve
