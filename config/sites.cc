// Copyright 2026 The admon Authors.
#include "config/sites.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/status.h"
#include "config/reader.h"
#include "config/yaml.h"
#include "re2/re2.h"

namespace admon::config {
namespace {

constexpr int64_t kMaxConnectionsPerHost = 16;   // beyond this is not "polite"
constexpr int64_t kMaxRedirectsLimit = 20;       // curl's own sane ceiling
constexpr int64_t kMaxPagesLimit = 100000;       // pagination guard

bool ValidSiteName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '-')) return false;
  }
  return true;
}

// Checks an absolute http(s) URL with a host; returns "" or the reason.
std::string UrlProblem(const std::string& url) {
  std::string lower = absl::AsciiStrToLower(url);
  size_t p = lower.find("://");
  if (p == std::string::npos) return "expected an absolute http:// or https:// URL";
  std::string scheme = lower.substr(0, p);
  if (scheme != "http" && scheme != "https") return absl::StrCat("scheme \"", scheme, "\" is not http or https");
  size_t host_end = lower.find_first_of("/?#", p + 3);
  std::string authority = lower.substr(p + 3, host_end == std::string::npos ? std::string::npos : host_end - p - 3);
  if (authority.empty() || authority[0] == ':') return "URL has no host";
  if (authority.find('@') != std::string::npos) return "URL must not carry credentials";
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20) return "URL contains spaces or control characters";
  }
  return "";
}

absl::Status CheckRegex(MapReader& r, std::string_view key, const std::string& pattern, std::string_view site) {
  if (pattern.empty()) return absl::OkStatus();
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) {
    return r.Error(key, absl::StrCat("site \"", AV(site), "\": invalid RE2 pattern \"", pattern, "\": ", re.error()));
  }
  return absl::OkStatus();
}

absl::Status CheckRegexList(MapReader& r, std::string_view key, const std::vector<std::string>& patterns,
                            std::string_view site) {
  for (size_t i = 0; i < patterns.size(); ++i) {
    RE2 re(patterns[i], RE2::Quiet);
    if (!re.ok()) {
      return r.Error(key, absl::StrCat("site \"", AV(site), "\": [", i, "] invalid RE2 pattern \"", patterns[i],
                                       "\": ", re.error()));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadUrls(const Node& node, const std::string& file, const std::string& path, SiteConfig* site) {
  MapReader r(node, file, path);
  UrlPatterns& u = site->urls;
  ADMON_RETURN_IF_ERROR(r.Required("listing", &u.listing));
  ADMON_RETURN_IF_ERROR(r.Required("advert", &u.advert));
  ADMON_RETURN_IF_ERROR(r.Optional("profile", &u.profile));
  ADMON_RETURN_IF_ERROR(r.Optional("image", &u.image));
  ADMON_RETURN_IF_ERROR(r.Optional("follow", &u.follow));
  ADMON_RETURN_IF_ERROR(r.Optional("skip", &u.skip));
  ADMON_RETURN_IF_ERROR(r.Optional("strip_params", &u.strip_params));
  ADMON_RETURN_IF_ERROR(r.Finish());
  ADMON_RETURN_IF_ERROR(CheckRegex(r, "listing", u.listing, site->name));
  ADMON_RETURN_IF_ERROR(CheckRegex(r, "advert", u.advert, site->name));
  ADMON_RETURN_IF_ERROR(CheckRegex(r, "profile", u.profile, site->name));
  ADMON_RETURN_IF_ERROR(CheckRegex(r, "image", u.image, site->name));
  ADMON_RETURN_IF_ERROR(CheckRegexList(r, "follow", u.follow, site->name));
  ADMON_RETURN_IF_ERROR(CheckRegexList(r, "skip", u.skip, site->name));
  RE2 advert(u.advert, RE2::Quiet);
  if (advert.NumberOfCapturingGroups() < 1) {
    return r.Error("advert", absl::StrCat("site \"", site->name,
                                          "\": pattern needs a capture group for the advert id"));
  }
  return absl::OkStatus();
}

absl::Status ReadSite(const Node& node, const std::string& file, const std::string& path, SiteConfig* site) {
  MapReader r(node, file, path);
  ADMON_RETURN_IF_ERROR(r.Required("name", &site->name));
  if (!ValidSiteName(site->name)) return r.Error("name", "expected [a-z0-9_-]+ (at most 64 characters)");
  ADMON_RETURN_IF_ERROR(r.Optional("seeds", &site->seeds));
  if (site->seeds.empty()) {
    return r.Error(node.Find("seeds") ? "seeds" : "", "at least one seed URL is required");
  }
  for (size_t i = 0; i < site->seeds.size(); ++i) {
    std::string problem = UrlProblem(site->seeds[i]);
    if (!problem.empty()) return r.Error("seeds", absl::StrCat("[", i, "] \"", site->seeds[i], "\": ", problem));
  }
  ADMON_RETURN_IF_ERROR(r.Optional("allow_private_addresses", &site->allow_private_addresses));
  ADMON_RETURN_IF_ERROR(r.Optional("user_agent", &site->user_agent));
  if (site->user_agent.empty()) return r.Error("user_agent", "must not be empty");
  ADMON_RETURN_IF_ERROR(r.Optional("proxy", &site->proxy));
  ADMON_RETURN_IF_ERROR(r.Optional("headers", &site->headers));
  std::string robots = "obey";
  ADMON_RETURN_IF_ERROR(r.OptionalEnum("robots", {"obey", "ignore"}, &robots));
  site->obey_robots = robots == "obey";

  if (const Node* n = r.Child("urls"); n != nullptr) {
    ADMON_RETURN_IF_ERROR(ReadUrls(*n, file, r.PathOf("urls"), site));
  } else {
    return r.Error("", "missing required key \"urls\"");
  }
  if (const Node* n = r.Child("pagination"); n != nullptr) {
    MapReader p(*n, file, r.PathOf("pagination"));
    ADMON_RETURN_IF_ERROR(p.Optional("param", &site->pagination.param));
    ADMON_RETURN_IF_ERROR(p.Optional("max_pages", &site->pagination.max_pages, 1, kMaxPagesLimit));
    ADMON_RETURN_IF_ERROR(p.Finish());
  }
  if (const Node* n = r.Child("politeness"); n != nullptr) {
    MapReader p(*n, file, r.PathOf("politeness"));
    Politeness& pol = site->politeness;
    ADMON_RETURN_IF_ERROR(p.Optional("min_delay", &pol.min_delay));
    ADMON_RETURN_IF_ERROR(p.Optional("max_connections", &pol.max_connections, 1, kMaxConnectionsPerHost));
    ADMON_RETURN_IF_ERROR(p.Optional("daily_budget", &pol.daily_budget, 1, int64_t{1} << 40));
    ADMON_RETURN_IF_ERROR(p.Optional("crawl_delay_cap", &pol.crawl_delay_cap));
    ADMON_RETURN_IF_ERROR(p.Finish());
  }
  if (const Node* n = r.Child("fetch"); n != nullptr) {
    MapReader p(*n, file, r.PathOf("fetch"));
    FetchLimits& f = site->fetch;
    ADMON_RETURN_IF_ERROR(p.Optional("connect_timeout", &f.connect_timeout));
    ADMON_RETURN_IF_ERROR(p.Optional("timeout", &f.timeout));
    ADMON_RETURN_IF_ERROR(p.Optional("low_speed_limit", &f.low_speed_limit, 0, int64_t{1} << 40));
    ADMON_RETURN_IF_ERROR(p.Optional("low_speed_time", &f.low_speed_time));
    ADMON_RETURN_IF_ERROR(p.OptionalBytes("max_body", &f.max_body));
    ADMON_RETURN_IF_ERROR(p.Optional("max_redirects", &f.max_redirects, 0, kMaxRedirectsLimit));
    ADMON_RETURN_IF_ERROR(p.Finish());
    if (f.timeout <= absl::ZeroDuration()) return p.Error("timeout", "must be positive");
    if (f.connect_timeout <= absl::ZeroDuration()) return p.Error("connect_timeout", "must be positive");
    if (f.max_body == 0) return p.Error("max_body", "must be positive");
  }
  if (const Node* n = r.Child("recrawl"); n != nullptr) {
    MapReader p(*n, file, r.PathOf("recrawl"));
    ADMON_RETURN_IF_ERROR(p.Optional("listing", &site->recrawl.listing));
    ADMON_RETURN_IF_ERROR(p.Optional("advert", &site->recrawl.advert));
    ADMON_RETURN_IF_ERROR(p.Finish());
  }
  if (const Node* n = r.Child("age_gate"); n != nullptr) {
    MapReader p(*n, file, r.PathOf("age_gate"));
    ADMON_RETURN_IF_ERROR(p.Optional("cookie", &site->age_gate.cookie));
    if (!site->age_gate.cookie.empty() && site->age_gate.cookie.find('=') == std::string::npos) {
      return p.Error("cookie", "expected \"name=value\"");
    }
    if (const Node* form = p.Child("form"); form != nullptr) {
      MapReader fr(*form, file, p.PathOf("form"));
      ADMON_RETURN_IF_ERROR(fr.Required("url", &site->age_gate.form_url));
      ADMON_RETURN_IF_ERROR(fr.Optional("fields", &site->age_gate.form_fields));
      ADMON_RETURN_IF_ERROR(fr.Finish());
    }
    ADMON_RETURN_IF_ERROR(p.Finish());
  }
  ADMON_RETURN_IF_ERROR(r.Optional("ocr", &site->ocr));
  ADMON_RETURN_IF_ERROR(r.Optional("fields", &site->fields));
  return r.Finish();
}

}  // namespace

const SiteConfig* SitesConfig::Find(std::string_view name) const {
  for (const auto& s : sites) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

absl::StatusOr<SitesConfig> ParseSitesConfig(std::string_view text, std::string_view name) {
  ADMON_ASSIGN_OR_RETURN(Node root, ParseYaml(text, name));
  std::string file(name);
  MapReader r(root, file, "");
  SitesConfig config;
  ADMON_RETURN_IF_ERROR(r.Optional("version", &config.version, kSitesConfigVersion, kSitesConfigVersion));
  const Node* sites = r.Child("sites");
  if (sites == nullptr || sites->kind == Node::Kind::kNull) return r.Error("", "missing required key \"sites\"");
  if (sites->kind != Node::Kind::kSequence) return r.Error("sites", "expected a list of sites");
  std::set<std::string> names;
  for (size_t i = 0; i < sites->items.size(); ++i) {
    SiteConfig site;
    std::string path = absl::StrCat("sites[", i, "]");
    ADMON_RETURN_IF_ERROR(ReadSite(sites->items[i], file, path, &site));
    if (!names.insert(site.name).second) {
      const Node* n = sites->items[i].Find("name");
      return ConfigError(file, n ? n->line : sites->items[i].line, absl::StrCat(path, ".name"),
                         absl::StrCat("duplicate site name \"", site.name, "\""));
    }
    config.sites.push_back(std::move(site));
  }
  ADMON_RETURN_IF_ERROR(r.Finish());
  return config;
}

absl::StatusOr<SitesConfig> LoadSitesConfig(const std::string& path) {
  auto text = ReadFile(path, kMaxConfigBytes);
  if (!text.ok()) return text.status();
  return ParseSitesConfig(*text, path);
}

}  // namespace admon::config
