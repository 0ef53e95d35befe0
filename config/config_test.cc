// Copyright 2026 The admon Authors.
#include <string>

#include "config/reader.h"
#include "config/yaml.h"
#include "gtest/gtest.h"

namespace admon::config {
namespace {

TEST(Yaml, KeepsLineNumbers) {
  auto n = ParseYaml("a: 1\nb:\n  c: x\n", "t.yaml");
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_NE(n->Find("b"), nullptr);
  EXPECT_EQ(n->Find("b")->Find("c")->line, 3);
}

TEST(Yaml, SyntaxErrorNamesFileAndLine) {
  auto n = ParseYaml("a: 1\nb: [1, 2\n", "config/sites.yaml");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message().rfind("config/sites.yaml:", 0), 0u) << n.status();
  EXPECT_NE(n.status().message().find("invalid YAML"), std::string::npos);
}

TEST(Yaml, DuplicateKeyIsAnError) {
  auto n = ParseYaml("a: 1\na: 2\n", "d.yaml");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message(), "d.yaml:2: duplicate key \"a\"");
}

TEST(Yaml, MissingFileNamesPath) {
  auto n = LoadYamlFile("/no/such/admon.yaml");
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("/no/such/admon.yaml"), std::string::npos);
}

// The exact error format the foundation issue specifies.
TEST(MapReader, BadDurationNamesFileLineAndKeyPath) {
  const char* text =
      "sites:\n"
      "  - name: a\n"
      "  - name: b\n"
      "  - name: c\n"
      "    rate:\n"
      "      min_delay: soon\n";
  auto root = ParseYaml(text, "config/sites.yaml");
  ASSERT_TRUE(root.ok());
  const Node& site = root->Find("sites")->items[2];
  MapReader r(site, "config/sites.yaml", "sites[2]");
  std::string name;
  ASSERT_TRUE(r.Required("name", &name).ok());
  MapReader rate(*r.Child("rate"), r.file(), r.PathOf("rate"));
  absl::Duration d;
  absl::Status s = rate.Optional("min_delay", &d);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "config/sites.yaml:6: sites[2].rate.min_delay: expected a duration like \"2s\", \"500ms\" or "
            "\"1h30m\", got \"soon\" (missing number)");
}

TEST(MapReader, UnknownKeyIsAnError) {
  auto root = ParseYaml("name: a\nmin_dealy: 2s\n", "s.yaml");
  ASSERT_TRUE(root.ok());
  MapReader r(*root, "s.yaml", "sites[0]");
  std::string name;
  absl::Duration d;
  ASSERT_TRUE(r.Required("name", &name).ok());
  ASSERT_TRUE(r.Optional("min_delay", &d).ok());
  absl::Status s = r.Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "s.yaml:2: sites[0].min_dealy: unknown key");
}

TEST(MapReader, MissingRequiredKey) {
  auto root = ParseYaml("other: 1\n", "s.yaml");
  MapReader r(*root, "s.yaml", "sites[0]");
  std::string name;
  absl::Status s = r.Required("name", &name);
  EXPECT_EQ(s.message(), "s.yaml:1: sites[0]: missing required key \"name\"");
}

TEST(MapReader, TypedGetters) {
  auto root = ParseYaml(
      "n: 5\nf: 0.5\nb: yes\nsz: 8MiB\nr: 30/min\nl: [a, b]\nm: {x: y}\ne: obey\n", "t.yaml");
  MapReader r(*root, "t.yaml", "");
  int64_t n = 0;
  double f = 0, rate = 0;
  bool b = false;
  uint64_t sz = 0;
  std::vector<std::string> l;
  std::map<std::string, std::string> m;
  std::string e;
  ASSERT_TRUE(r.Optional("n", &n, 0, 10).ok());
  ASSERT_TRUE(r.Optional("f", &f, 0, 1).ok());
  ASSERT_TRUE(r.Optional("b", &b).ok());
  ASSERT_TRUE(r.OptionalBytes("sz", &sz).ok());
  ASSERT_TRUE(r.OptionalRate("r", &rate).ok());
  ASSERT_TRUE(r.Optional("l", &l).ok());
  ASSERT_TRUE(r.Optional("m", &m).ok());
  ASSERT_TRUE(r.OptionalEnum("e", {"obey", "ignore"}, &e).ok());
  ASSERT_TRUE(r.Finish().ok());
  EXPECT_EQ(n, 5);
  EXPECT_TRUE(b);
  EXPECT_EQ(sz, 8u << 20);
  EXPECT_DOUBLE_EQ(rate, 0.5);
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m["x"], "y");
  EXPECT_EQ(e, "obey");
}

TEST(MapReader, OutOfRangeAndWrongEnum) {
  auto root = ParseYaml("n: 50\ne: sometimes\n", "t.yaml");
  MapReader r(*root, "t.yaml", "site");
  int64_t n = 0;
  std::string e;
  EXPECT_EQ(r.Optional("n", &n, 0, 10).message(), "t.yaml:1: site.n: must be between 0 and 10, got 50");
  EXPECT_EQ(r.OptionalEnum("e", {"obey", "ignore"}, &e).message(),
            "t.yaml:2: site.e: expected one of obey, ignore, got \"sometimes\"");
}

}  // namespace
}  // namespace admon::config
