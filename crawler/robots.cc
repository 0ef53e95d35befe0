// Copyright 2026 The admon Authors.
#include "crawler/robots.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "crawler/url.h"

namespace admon::crawler {
namespace {

struct Group {
  std::vector<std::string> agents;  // lower case
  std::vector<std::pair<bool, std::string>> rules;
  std::optional<absl::Duration> delay;
};

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  std::string out;
  for (char c : user_agent) {
    if (absl::ascii_isalpha(c) || c == '-' || c == '_') out.push_back(absl::ascii_tolower(c));
    else break;
  }
  return out;
}

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  // Iterative glob with backtracking over '*'; '$' at the end anchors.
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      if (star == std::string_view::npos) return false;
      p = star + 1;
      s = ++mark;
      if (s > path.size()) return false;
      continue;
    }
    if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    }
    if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    s = ++mark;
    if (s > path.size()) return false;
  }
}

RobotsTxt RobotsTxt::AllowAll() { return RobotsTxt(); }

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt r;
  r.disallow_all_ = true;
  return r;
}

RobotsTxt RobotsTxt::FromResponse(int status, std::string_view body, std::string_view user_agent) {
  if (status >= 200 && status < 300) return Parse(body, user_agent);
  if (status >= 400 && status < 500) return AllowAll();
  return DisallowAll();
}

RobotsTxt RobotsTxt::Parse(std::string_view body, std::string_view user_agent) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  RobotsTxt out;
  std::vector<Group> groups;
  bool in_agents = false;  // consecutive user-agent lines open one group
  for (absl::string_view raw : absl::StrSplit(AV(body), absl::ByAnyChar("\r\n"))) {
    size_t hash = raw.find('#');
    if (hash != absl::string_view::npos) raw = raw.substr(0, hash);
    size_t colon = raw.find(':');
    if (colon == absl::string_view::npos) continue;
    std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw.substr(0, colon)));
    std::string value(absl::StripAsciiWhitespace(raw.substr(colon + 1)));
    if (key == "user-agent") {
      if (!in_agents || groups.empty()) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(absl::AsciiStrToLower(value));
      continue;
    }
    if (key == "sitemap") {
      out.sitemaps_.push_back(value);
      continue;
    }
    if (groups.empty()) continue;  // rules before any user-agent are ignored
    if (key == "allow" || key == "disallow") {
      in_agents = false;
      groups.back().rules.emplace_back(key == "allow", NormalizePercentEncoding(value));
    } else if (key == "crawl-delay") {
      in_agents = false;
      double seconds = 0;
      if (absl::SimpleAtod(value, &seconds) && seconds >= 0 && seconds < 86400) {
        groups.back().delay = absl::Milliseconds(static_cast<int64_t>(seconds * 1000));
      }
    }
  }
  std::string token = ProductToken(user_agent);
  // Merge every group naming our token; fall back to every "*" group.
  std::vector<const Group*> chosen;
  for (const Group& g : groups) {
    for (const auto& a : g.agents) {
      if (!token.empty() && ProductToken(a) == token && a.find('*') == std::string::npos) {
        chosen.push_back(&g);
        break;
      }
    }
  }
  if (chosen.empty()) {
    for (const Group& g : groups) {
      for (const auto& a : g.agents) {
        if (a == "*") {
          chosen.push_back(&g);
          break;
        }
      }
    }
  }
  for (const Group* g : chosen) {
    for (const auto& [allow, pattern] : g->rules) {
      if (!allow && pattern.empty()) continue;  // "Disallow:" (empty) allows everything
      out.rules_.push_back({allow, pattern});
    }
    if (g->delay && !out.crawl_delay_) out.crawl_delay_ = g->delay;
  }
  return out;
}

bool RobotsTxt::IsAllowed(std::string_view path_query) const {
  if (disallow_all_) return false;
  std::string path = NormalizePercentEncoding(path_query);
  if (path == "/robots.txt") return true;
  int best_len = -1;
  bool best_allow = true;
  for (const Rule& r : rules_) {
    if (!RobotsPatternMatches(r.pattern, path)) continue;
    int len = static_cast<int>(r.pattern.size());
    if (len > best_len || (len == best_len && r.allow && !best_allow)) {
      best_len = len;
      best_allow = r.allow;
    }
  }
  return best_allow;
}

}  // namespace admon::crawler
