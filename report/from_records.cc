// Copyright 2026 The admon Authors.
//
// Uses only the plain structs of parsers/advert.h (no parsers functions), so
// admon_report does not link admon_parsers.
#include "report/from_records.h"

#include <algorithm>
#include <set>

namespace admon::report {
namespace {

// Appends each source identifier (by its `key` member) once to `out`, whose
// elements are {key, styles}; styles of repeats are merged in order.
template <typename Src, typename View>
void MergeStyled(const std::vector<Src>& in, std::string Src::*key, std::vector<View>& out,
                 std::string View::*view_key) {
  for (const Src& x : in) {
    auto it = std::find_if(out.begin(), out.end(), [&](const View& v) { return v.*view_key == x.*key; });
    if (it == out.end()) it = out.insert(out.end(), View{x.*key, {}});
    for (const std::string& s : x.styles) {
      if (std::find(it->styles.begin(), it->styles.end(), s) == it->styles.end()) it->styles.push_back(s);
    }
  }
}

}  // namespace

std::string PhashHex(uint64_t phash) { return absl::StrFormat("%016x", phash); }

ImageView ImageViewFrom(const parsers::Image& im) {
  return ImageView{im.sha256, im.hashed ? PhashHex(im.phash) : "", im.width, im.height, im.bytes};
}

AdvertView AdvertViewFrom(const parsers::Advert& a, const std::string& first_seen, const std::string& last_seen,
                          bool removed) {
  AdvertView v;
  v.id = a.id;
  v.site = a.site;
  v.url = a.url;
  v.title = a.title;
  v.name = a.name;
  v.age = a.age.value_or(0);
  v.town = a.location.town;
  v.force = a.location.force;
  v.first_seen = first_seen;
  v.last_seen = last_seen;
  v.removed = removed;
  v.text = a.description;
  // One entry per distinct identifier, styles merged (a number written twice
  // in different styles is still one phone).
  MergeStyled(a.phones, &parsers::Phone::e164, v.phones, &PhoneView::e164);
  MergeStyled(a.emails, &parsers::Email::address, v.emails, &EmailView::address);
  std::set<std::string> handles, images;
  for (const parsers::Handle& h : a.handles) {
    if (handles.insert(h.platform + ":" + h.handle).second) v.handles.push_back({h.platform, h.handle, h.payment});
  }
  for (const parsers::Image& im : a.images) {
    if (im.sha256.empty() || images.insert(im.sha256).second) v.images.push_back(ImageViewFrom(im));
  }
  return v;
}

}  // namespace admon::report
