// Copyright 2026 The admon Authors.
//
// Which links merge clusters (issue 7; docs/dedupe.md "Which links merge").
//
// Evidence families, from what a poster controls to what anyone can copy:
//   contact  phone, payment handle, exact image bytes: merge alone (hubs aside).
//   account  email, messaging/social handle: merge alone unless the two adverts
//            list different phones (booking services, brand names and
//            same-name accounts are shared across posters), or the account is
//            shared (its adverts list phones of several posters, so it cannot
//            say which of them a phone-less advert belongs to); then they need
//            a near-duplicate photo as well.
//   photo    near-duplicate image: text-on-plain "phone cards", stock layouts
//            and procedurally similar photos collide in a 64-bit pHash.
//   text     templated text: template kits and copied wording are shared by
//            unrelated posters (measured precision 0.07 as a sole merge).
// Photo and text merge only when another family corroborates them, or when
// two different photos of one advert match two different photos of the other.
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>

#include "dedupe/linker_impl.h"

namespace admon::dedupe {

namespace {

bool IsPhoneKey(const std::string& k) { return k.rfind("phone:", 0) == 0; }

// Two near-image links over disjoint photo pairs: "hA~hB" values (and the
// phash keys in `via`) share no hash.
bool TwoIndependentPhotoMatches(const std::vector<const Link*>& near) {
  for (size_t i = 0; i < near.size(); ++i) {
    for (size_t j = i + 1; j < near.size(); ++j) {
      std::set<std::string> a(near[i]->via.begin(), near[i]->via.end());
      bool shared = false;
      for (const auto& k : near[j]->via) shared = shared || a.count(k) > 0;
      if (!shared) return true;
    }
  }
  return false;
}

}  // namespace

bool PhonesConflict(const std::vector<std::string>& ids_a, const std::vector<std::string>& ids_b) {
  bool a_has = false, b_has = false;
  for (const auto& k : ids_a) a_has = a_has || IsPhoneKey(k);
  for (const auto& k : ids_b) b_has = b_has || IsPhoneKey(k);
  if (!a_has || !b_has) return false;
  for (const auto& k : ids_a) {
    if (IsPhoneKey(k) && std::binary_search(ids_b.begin(), ids_b.end(), k)) return false;
  }
  return true;
}

bool PairMerges(const std::vector<Link>& pair_links, bool phones_conflict, const DedupeOptions& o,
                const std::function<bool(const std::string&)>& shared) {
  bool any = false, account = false, account_alone = false, text = false;
  std::vector<const Link*> near;
  for (const Link& l : pair_links) {
    if (l.hub) continue;
    any = true;
    switch (l.type) {
      case LinkType::kPhone:
      case LinkType::kPayment:
      case LinkType::kImageExact:
        return true;
      case LinkType::kEmail:
      case LinkType::kHandle:
        account = true;
        account_alone = account_alone || !std::any_of(l.via.begin(), l.via.end(), shared);
        break;
      case LinkType::kImageNear:
        near.push_back(&l);
        break;
      case LinkType::kText:
        text = true;
        break;
    }
  }
  if (!o.weak_links_need_corroboration) return any;
  if (account_alone && !phones_conflict) return true;
  if (near.empty()) return false;
  return account || text || TwoIndependentPhotoMatches(near);
}

}  // namespace admon::dedupe
