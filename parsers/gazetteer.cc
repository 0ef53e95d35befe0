// Copyright 2026 The admon Authors.
#include "parsers/gazetteer.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "config/reader.h"
#include "parsers/text.h"
#include "re2/re2.h"

namespace admon::parsers {
namespace {

struct Word {
  std::string norm;   // lower case
  size_t begin = 0;   // byte offset in the text
  size_t end = 0;
  bool capital = false;
};

// Words of letters/digits; '-' and whitespace separate; '.' and '\'' are dropped.
std::vector<Word> Tokenise(std::string_view text) {
  std::vector<Word> out;
  Word cur;
  bool in = false;
  for (size_t i = 0; i <= text.size(); ++i) {
    unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (std::isalnum(c) || c >= 0x80) {
      if (!in) {
        cur = Word();
        cur.begin = i;
        cur.capital = std::isupper(c);
        in = true;
      }
      cur.norm.push_back(static_cast<char>(std::tolower(c)));
      cur.end = i + 1;
    } else if ((c == '.' || c == '\'') && in) {
      continue;
    } else if (in) {
      out.push_back(cur);
      in = false;
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& TerritorialForces() {
  static const auto* k = new std::vector<std::string>{
      "Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary",
      "Cheshire Constabulary", "City of London Police", "Cleveland Police", "Cumbria Constabulary",
      "Derbyshire Constabulary", "Devon and Cornwall Police", "Dorset Police", "Durham Constabulary",
      "Essex Police", "Gloucestershire Constabulary", "Greater Manchester Police",
      "Hampshire and Isle of Wight Constabulary", "Hertfordshire Constabulary", "Humberside Police", "Kent Police",
      "Lancashire Constabulary", "Leicestershire Police", "Lincolnshire Police", "Merseyside Police",
      "Metropolitan Police Service", "Norfolk Constabulary", "North Yorkshire Police", "Northamptonshire Police",
      "Northumbria Police", "Nottinghamshire Police", "South Yorkshire Police", "Staffordshire Police",
      "Suffolk Constabulary", "Surrey Police", "Sussex Police", "Thames Valley Police", "Warwickshire Police",
      "West Mercia Police", "West Midlands Police", "West Yorkshire Police", "Wiltshire Police",
      // Wales
      "Dyfed-Powys Police", "Gwent Police", "North Wales Police", "South Wales Police",
      // Scotland, Northern Ireland
      "Police Scotland", "Police Service of Northern Ireland"};
  return *k;
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::LoadFile(const std::string& path) {
  ADMON_ASSIGN_OR_RETURN(config::Node root, config::LoadYamlFile(path));
  return FromNode(root, path);
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromNode(const config::Node& root, const std::string& file) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  config::MapReader top(root, file, "");
  ADMON_RETURN_IF_ERROR(top.status());
  int64_t version = 0;
  ADMON_RETURN_IF_ERROR(top.Optional("version", &version, 1, 1));
  std::vector<std::string> common;
  ADMON_RETURN_IF_ERROR(top.Optional("common_words", &common));
  std::set<std::string> common_set;
  for (const std::string& w : common) {
    std::string n;
    for (const Word& t : Tokenise(w)) n += (n.empty() ? "" : " ") + t.norm;
    common_set.insert(n);
  }
  const config::Node* forces = top.Child("forces");
  if (forces == nullptr || forces->kind != config::Node::Kind::kSequence) {
    return config::ConfigError(file, forces ? forces->line : root.line, "forces", "expected a list of forces");
  }
  ADMON_RETURN_IF_ERROR(top.Finish());
  const std::vector<std::string>& known = TerritorialForces();
  std::set<std::string> seen;
  for (size_t i = 0; i < forces->items.size(); ++i) {
    const config::Node& fn = forces->items[i];
    std::string fpath = "forces[" + std::to_string(i) + "]";
    config::MapReader fr(fn, file, fpath);
    ADMON_RETURN_IF_ERROR(fr.status());
    std::string name;
    ADMON_RETURN_IF_ERROR(fr.Required("name", &name));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return fr.Error("name", "\"" + name + "\" is not one of the 45 territorial police forces");
    }
    if (!seen.insert(name).second) return fr.Error("name", "duplicate force \"" + name + "\"");
    g->forces_.push_back(name);
    std::vector<std::string> areas;
    ADMON_RETURN_IF_ERROR(fr.Optional("postcode_areas", &areas));
    for (const std::string& a : areas) {
      if (a.empty() || a.size() > 2 || !std::all_of(a.begin(), a.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return fr.Error("postcode_areas", "\"" + a + "\" is not a postcode area (1-2 capital letters)");
      }
      if (!g->postcode_areas_.emplace(a, name).second) {
        return fr.Error("postcode_areas", "postcode area " + a + " listed under two forces");
      }
    }
    const config::Node* places = fr.Child("places");
    if (places == nullptr || places->kind != config::Node::Kind::kSequence) {
      return fr.Error("places", "expected a list of place names");
    }
    for (size_t k = 0; k < places->items.size(); ++k) {
      const config::Node& pn = places->items[k];
      Entry e;
      e.force = name;
      if (pn.kind == config::Node::Kind::kScalar) {
        e.name = pn.scalar;
      } else {
        config::MapReader pr(pn, file, fpath + ".places[" + std::to_string(k) + "]");
        ADMON_RETURN_IF_ERROR(pr.Required("name", &e.name));
        ADMON_RETURN_IF_ERROR(pr.Optional("population", &e.population, 0, 100000000));
        ADMON_RETURN_IF_ERROR(pr.Finish());
      }
      for (const Word& t : Tokenise(e.name)) e.words.push_back(t.norm);
      if (e.words.empty()) {
        return config::ConfigError(file, pn.line, fpath + ".places[" + std::to_string(k) + "]", "empty place name");
      }
      std::string joined;
      for (const std::string& w : e.words) joined += (joined.empty() ? "" : " ") + w;
      e.common_word = common_set.count(joined) > 0;
      g->by_first_word_[e.words[0]].push_back(std::move(e));
      ++g->names_;
    }
    ADMON_RETURN_IF_ERROR(fr.Finish());
  }
  if (g->forces_.size() != known.size()) {
    return config::ConfigError(file, forces->line, "forces",
                               "lists " + std::to_string(g->forces_.size()) + " forces; expected all " +
                                   std::to_string(known.size()) + " territorial forces");
  }
  for (auto& [w, entries] : g->by_first_word_) {
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.words.size() != b.words.size()) return a.words.size() > b.words.size();
      return a.population > b.population;
    });
  }
  return g;
}

std::string Gazetteer::ForceOfPostcodeArea(std::string_view area) const {
  auto it = postcode_areas_.find(area);
  return it == postcode_areas_.end() ? std::string() : it->second;
}

Location Gazetteer::Match(std::string_view text) const {
  static const RE2 kPostcode(R"(\b([A-Z]{1,2})([0-9][0-9A-Z]?)(?:\s?[0-9][A-Z]{2})?\b)");
  Location loc;
  loc.raw = std::string(Utf8Prefix(text, 200));
  std::vector<Word> words = Tokenise(text);
  for (size_t i = 0; i < words.size() && loc.town.empty(); ++i) {
    auto it = by_first_word_.find(words[i].norm);
    if (it == by_first_word_.end()) continue;
    for (const Entry& e : it->second) {  // longest first, then larger population
      if (i + e.words.size() > words.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < e.words.size() && ok; ++k) ok = words[i + k].norm == e.words[k];
      if (!ok) continue;
      if (e.common_word && !words[i].capital) continue;
      loc.town = e.name;
      loc.force = e.force;
      break;
    }
  }
  re2::StringPiece input(text.data(), text.size());
  std::string area, district;
  while (RE2::FindAndConsume(&input, kPostcode, &area, &district)) {
    auto it = postcode_areas_.find(area);
    if (it == postcode_areas_.end()) continue;
    loc.postcode_district = area + district;
    if (loc.force.empty()) loc.force = it->second;
    break;
  }
  return loc;
}

}  // namespace admon::parsers
