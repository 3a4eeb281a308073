// Which file of the web folder a URL names: index pages, uPlot from node_modules, and nothing
// outside the folder or hidden.
#include "cytostorm/serve/web_files.hpp"

#include <gtest/gtest.h>

#include "support/run_cli.hpp"

namespace cytostorm::serve {
namespace {

using testing::Scratch;

TEST(WebFiles, NamesPagesIndexesAndUplot) {
  Scratch web;
  web.write("index.html", "x");
  web.write("patient.html", "x");
  web.write("js/api.js", "x");
  web.write("node_modules/uplot/dist/uPlot.min.css", "x");
  EXPECT_EQ(find_web_file(web.dir(), "/")->path, web.dir() + "/index.html");
  EXPECT_EQ(find_web_file(web.dir(), "/patient.html")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(find_web_file(web.dir(), "/js/api.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(find_web_file(web.dir(), "/vendor/uplot/uPlot.min.css")->path,
            web.dir() + "/node_modules/uplot/dist/uPlot.min.css");
  EXPECT_FALSE(find_web_file(web.dir(), "/js"));  // a folder without an index
  EXPECT_FALSE(find_web_file(web.dir(), "/missing.js"));
}

TEST(WebFiles, NothingOutsideTheFolderOrHidden) {
  Scratch web;
  web.write("site/index.html", "x");
  web.write("site/.git/config", "x");
  web.write("site/node_modules/left-pad/index.js", "x");
  web.write("secret.txt", "x");
  const std::string root = web.dir() + "/site";
  EXPECT_TRUE(find_web_file(root, "/index.html"));
  EXPECT_FALSE(find_web_file(root, "/../secret.txt"));
  EXPECT_FALSE(find_web_file(root, "/js/../../secret.txt"));
  EXPECT_FALSE(find_web_file(root, "//" + web.dir() + "/secret.txt"));
  EXPECT_FALSE(find_web_file(root, "/.git/config"));
  EXPECT_FALSE(find_web_file(root, "/node_modules/left-pad/index.js"));
  EXPECT_FALSE(find_web_file(root, "/vendor/uplot/../../index.html"));
  EXPECT_FALSE(find_web_file(root, "index.html"));  // not a URL path
}

TEST(WebFiles, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace cytostorm::serve
