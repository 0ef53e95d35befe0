// Copyright 2026 The admon Authors.
//
// When an identifier is a hub (docs/dedupe.md "Hubs"): besides its size, the
// adverts carrying it must look like many different posters, i.e. list phones
// that fall into more than hub_min_phone_groups separate groups. A network's
// phone or handle on 60 adverts under 25 names sits on adverts that list no
// other phone, or a few phones the network shares: it stays a link. An agency
// switchboard, a site's footer number or a stock photo sits on the adverts of
// many posters, each with their own phone: it becomes a hub.
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status.h"
#include "dedupe/linker_impl.h"

namespace admon::dedupe {

namespace {

constexpr char kSep = '\0';
constexpr std::string_view kPhonePrefix = "phone:";

}  // namespace

std::string PostingValue(std::string_view lower_name, std::string_view site, const std::vector<std::string>& ids) {
  std::string v;
  v.append(lower_name).push_back(kSep);
  v.append(site);
  for (const auto& k : ids) {
    if (k.rfind(kPhonePrefix, 0) != 0) continue;
    v.push_back(kSep);
    v.append(std::string_view(k).substr(kPhonePrefix.size()));
  }
  return v;
}

PostingFields ParsePostingValue(std::string_view v) {
  PostingFields f;
  size_t sep = v.find(kSep);
  f.name = v.substr(0, sep);
  if (sep == std::string_view::npos) return f;
  v.remove_prefix(sep + 1);
  sep = v.find(kSep);
  f.site = v.substr(0, sep);
  f.phones = sep == std::string_view::npos ? std::string_view() : v.substr(sep + 1);
  return f;
}

int PhoneGroups(const std::vector<std::string_view>& phone_fields,
                const std::function<bool(std::string_view)>& ignore) {
  const int n = static_cast<int>(phone_fields.size());
  std::vector<int> parent(static_cast<size_t>(n), -1);  // -1: lists no counted phone
  auto find = [&parent](int x) {
    while (parent[static_cast<size_t>(x)] != x) {
      parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
      x = parent[static_cast<size_t>(x)];
    }
    return x;
  };
  absl::flat_hash_map<std::string_view, int> first;  // phone -> first advert listing it
  for (int i = 0; i < n; ++i) {
    std::string_view rest = phone_fields[static_cast<size_t>(i)];
    while (!rest.empty()) {
      const size_t sep = rest.find(kSep);
      const std::string_view phone = rest.substr(0, sep);
      rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 1);
      if (phone.empty() || ignore(phone)) continue;
      if (parent[static_cast<size_t>(i)] < 0) parent[static_cast<size_t>(i)] = i;
      auto [it, inserted] = first.try_emplace(phone, i);
      if (!inserted) parent[static_cast<size_t>(find(i))] = find(it->second);
    }
  }
  int groups = 0;
  for (int i = 0; i < n; ++i) groups += parent[static_cast<size_t>(i)] >= 0 && find(i) == i;
  return groups;
}

absl::StatusOr<std::vector<std::string>> PostingValues(const Txn& t, std::string_view posting_prefix) {
  std::vector<std::string> values;  // owned: Scan's views end with each call
  ADMON_RETURN_IF_ERROR(t.Scan(store::Cf::kIdentifiers, posting_prefix, [&](std::string_view, std::string_view v) {
    values.emplace_back(v);
    return true;
  }));
  return values;
}

int Linker::Impl::PhoneGroupsOfValues(const std::vector<std::string>& posting_values, const std::string& key,
                                      const std::set<std::string>& promoted) const {
  std::vector<std::string_view> fields;
  fields.reserve(posting_values.size());
  for (const auto& v : posting_values) fields.push_back(ParsePostingValue(v).phones);
  return PhoneGroups(fields, [&](std::string_view phone) {
    const std::string pk = IdKey("phone", std::string(phone));
    return pk == key || hubs_.contains(pk) || promoted.count(pk) > 0;
  });
}

Linker::Impl::HubEvidence Linker::Impl::HubEvidenceOf(const std::vector<std::string>& posting_values,
                                                      const std::string& key,
                                                      const std::set<std::string>& promoted) const {
  absl::flat_hash_set<std::string_view> names, sites;
  for (const auto& v : posting_values) {
    const PostingFields f = ParsePostingValue(v);
    names.insert(f.name);
    if (!f.site.empty()) sites.insert(f.site);
  }
  return {.phone_groups = PhoneGroupsOfValues(posting_values, key, promoted),
          .names = static_cast<int>(names.size()),
          .sites = static_cast<int>(sites.size())};
}

}  // namespace admon::dedupe
