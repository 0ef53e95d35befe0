// Copyright 2026 The admon Authors.
//
// World::Build: the full advert (text, phones in their written styles,
// emails, handles, images) as a pure function of (seed, index, day).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "testsite/internal.h"
#include "testsite/phones.h"
#include "testsite/rng.h"
#include "testsite/vocab.h"
#include "testsite/world.h"

namespace admon::testsite {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Slugify(const std::string& s) {
  std::string out;
  for (char c : Lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Timestamp(int day, uint64_t h) {
  absl::CivilDay d = absl::CivilDay(2026, 11, 2) + day;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:00Z", static_cast<int>(d.year()), d.month(), d.day(),
                static_cast<int>(8 + h % 14), static_cast<int>((h >> 8) % 60));
  return buf;
}

// Description built as HTML and plain text side by side.
class Desc {
 public:
  void Add(const std::string& s) { AddRaw(HtmlEscape(s), s); }
  void AddRaw(const std::string& html, const std::string& text) {
    if (!html_.empty()) {
      html_ += ' ';
      text_ += ' ';
    }
    html_ += html;
    text_ += text;
  }
  std::string html_, text_;
};

struct Worker {
  int nat = 0;
  std::string name;
  int age = 0;
};

Worker MakeWorker(uint64_t seed, int64_t poster, int worker, PosterKind kind) {
  Rng r(seed, "worker", static_cast<uint64_t>(poster), static_cast<uint64_t>(worker));
  static const std::vector<int> kNetworkNats = {3, 4, 5, 6, 7, 8, 11};
  Worker w;
  const int n = static_cast<int>(Nationalities().size());
  switch (kind) {
    case PosterKind::kIndependent: {
      double u = r.Unit();
      w.nat = u < 0.45 ? EnglishNationality() : u < 0.55 ? r.Range(1, 2) : r.Range(0, n - 1);
      w.age = r.Range(21, 45);
      break;
    }
    case PosterKind::kAgency:
      w.nat = r.Range(0, n - 1);
      w.age = r.Range(20, 34);
      break;
    case PosterKind::kExploitation:
      w.nat = r.Pick(kNetworkNats);
      w.age = r.Range(18, 23);
      break;
    case PosterKind::kSpam:
      w.nat = EnglishNationality();
      w.age = r.Range(19, 25);
      break;
  }
  w.name = r.Pick(Nationalities()[static_cast<size_t>(w.nat)].names);
  return w;
}

std::vector<GeneratedPhone> PosterPhones(uint64_t seed, const AdvertMeta& m, const Worker& w0) {
  Rng r(seed, "phones", static_cast<uint64_t>(m.poster));
  std::vector<GeneratedPhone> out;
  const std::string& area = Towns()[static_cast<size_t>(HomeTown(seed, m.poster))].area_code;
  const std::string& nat = Nationalities()[static_cast<size_t>(w0.nat)].adjective;
  switch (m.kind) {
    case PosterKind::kIndependent: {
      PhoneKind k = PhoneKind::kUkMobile;
      if (r.Chance(0.05)) k = PhoneKind::kUkLandline;
      else if (nat == "Hungarian" && r.Chance(0.4)) k = PhoneKind::kHuMobile;
      else if (nat == "Romanian" && r.Chance(0.4)) k = PhoneKind::kRoMobile;
      out.push_back(MakePhone(k, area, r));
      if (r.Chance(0.25)) out.push_back(MakePhone(PhoneKind::kUkMobile, area, r));
      break;
    }
    case PosterKind::kAgency:
      out.push_back(MakePhone(r.Chance(0.5) ? PhoneKind::kUkLandline : PhoneKind::kUkMobile, area, r));
      break;
    case PosterKind::kExploitation: {
      int n = m.poster_adverts <= 8 ? 1 : m.poster_adverts <= 18 ? 2 : 3;
      for (int i = 0; i < n; ++i) {
        PhoneKind k = r.Chance(0.75) ? PhoneKind::kUkMobile : r.Chance(0.5) ? PhoneKind::kRoMobile : PhoneKind::kHuMobile;
        out.push_back(MakePhone(k, area, r));
      }
      break;
    }
    case PosterKind::kSpam:
      out.push_back(MakePhone(r.Chance(0.7) ? PhoneKind::kUkMobile : PhoneKind::kRoMobile, area, r));
      break;
  }
  return out;
}

std::string ImagePath(int site, int64_t site_id, int k) {
  char buf[64];
  const auto id = static_cast<long long>(site_id);
  if (site == 0) std::snprintf(buf, sizeof(buf), "/img/%lld-%d.jpg", id, k);
  if (site == 1) std::snprintf(buf, sizeof(buf), "/media/%lld/%d.jpg", id, k);
  if (site == 2) std::snprintf(buf, sizeof(buf), "/photos/%lld_%d.jpg", id, k);
  return buf;
}

ImageVariant MakeVariant(Rng& r) {
  ImageVariant v;
  v.quality = r.Range(50, 95);
  v.scale = 0.6 + 0.4 * r.Unit();
  // Crops up to 5% a side (10% of a dimension), mostly small as on real sites.
  auto crop = [&r] { double u = r.Unit(); return u * u * 0.05; };
  v.crop_left = crop();
  v.crop_top = crop();
  v.crop_right = crop();
  v.crop_bottom = crop();
  v.mirror = r.Chance(0.3);
  v.brightness = r.Chance(0.5) ? r.Range(-30, 30) : 0;
  v.watermark = r.Chance(0.6);
  v.border = r.Chance(0.2) ? r.Range(2, 6) : 0;
  return v;
}

std::string EmailRaw(const std::string& address, const std::string& style, std::string* html) {
  size_t at = address.find('@');
  std::string local = address.substr(0, at), domain = address.substr(at + 1);
  std::string words = domain, brackets = domain;
  for (size_t p = words.find('.'); p != std::string::npos; p = words.find('.', p)) {
    words.replace(p, 1, " dot ");
    p += 5;
  }
  for (size_t p = brackets.find('.'); p != std::string::npos; p = brackets.find('.', p)) {
    brackets.replace(p, 1, " [dot] ");
    p += 7;
  }
  std::string raw = address;
  if (style == "at_dot_words") raw = local + " at " + words;
  if (style == "bracketed") raw = local + " [at] " + brackets;
  *html = style == "mailto" ? "<a href=\"mailto:" + address + "\">" + HtmlEscape(address) + "</a>" : HtmlEscape(raw);
  return raw;
}

HandleOccurrence MakeHandle(const std::string& platform, const std::string& handle, Rng& r, std::string* html) {
  HandleOccurrence h{.platform = platform, .handle = handle, .style = "label_at", .raw = ""};
  const bool url = r.Chance(0.5);
  std::string link;
  if (platform == "telegram") {
    h.style = url ? "url" : "label_at";
    h.raw = url ? "t.me/" + handle : "Telegram: @" + handle;
    link = "https://t.me/" + handle;
  } else if (platform == "instagram") {
    h.style = url ? "url" : "label_at";
    h.raw = url ? "instagram.com/" + handle : "IG: @" + handle;
    link = "https://instagram.com/" + handle;
  } else if (platform == "onlyfans") {
    h.style = url ? "url" : "label_at";
    h.raw = url ? "onlyfans.com/" + handle : "OF: @" + handle;
    link = "https://onlyfans.com/" + handle;
  } else if (platform == "x") {
    h.style = url ? "url" : "label_at";
    h.raw = url ? "x.com/" + handle : (r.Chance(0.5) ? "X: @" : "Twitter @") + handle;
    link = "https://x.com/" + handle;
  } else {  // snapchat
    h.style = "label";
    h.raw = (url ? "Snap: " : "sc: ") + handle;
  }
  *html = (h.style == "url" && r.Chance(0.5)) ? "<a href=\"" + link + "\">" + HtmlEscape(h.raw) + "</a>" : HtmlEscape(h.raw);
  return h;
}

void AddPhone(Advert& a, const GeneratedPhone& p, const std::string& style, const std::string& where,
              const std::string& raw) {
  a.phone_occurrences.push_back({.e164 = p.e164, .style = style, .where = where, .raw = raw});
  if (std::find(a.phones.begin(), a.phones.end(), p.e164) == a.phones.end()) a.phones.push_back(p.e164);
}

void AddDecoys(Advert& a, Desc& d, const Town& town, Rng& r) {
  std::vector<int> which = {0, 1, 2, 3, 4, 5, 6, 7};
  r.Shuffle(which);
  const int n = r.Range(2, 4);
  char buf[96];
  for (int i = 0; i < n; ++i) {
    switch (which[static_cast<size_t>(i)]) {
      case 0: {
        std::string p = "\xC2\xA3" + std::to_string(r.Range(10, 25) * 10) + "/hr";
        d.Add("Rates from " + p + ".");
        a.decoys.push_back(p);
        break;
      }
      case 1: {
        static const std::vector<std::string> kM = {"34-24-36", "32-24-34", "36-26-38", "34-26-36"};
        std::string m = r.Pick(kM);
        d.Add("Measurements " + m + ".");
        a.decoys.push_back(m);
        break;
      }
      case 2: d.Add("Texts answered 24/7."); a.decoys.push_back("24/7"); break;
      case 3: {
        std::string h = std::to_string(r.Range(5, 5)) + "'" + std::to_string(r.Range(1, 9)) + "\"";
        d.Add("Height " + h + ", slim build.");
        a.decoys.push_back(h);
        break;
      }
      case 4: {
        std::snprintf(buf, sizeof(buf), "%02d/%02d/2026", r.Range(1, 28), r.Range(1, 12));
        d.Add(std::string("Available from ") + buf + ".");
        a.decoys.push_back(buf);
        break;
      }
      case 5: {
        std::snprintf(buf, sizeof(buf), "%d:%02d", r.Range(20, 23), r.Range(0, 3) * 15);
        d.Add("Usually free 10am-10pm, last booking " + std::string(buf) + ".");
        a.decoys.push_back("10am-10pm");
        a.decoys.push_back(buf);
        break;
      }
      case 6: d.Add("Near " + town.postcode + "."); a.decoys.push_back(town.postcode); break;
      case 7: {
        std::snprintf(buf, sizeof(buf), "Ref: %08d", r.Range(10000000, 99999999));
        d.Add(std::string(buf) + ".");
        a.decoys.push_back(buf);
        break;
      }
    }
  }
}

// The largest number in a generated contact (handle, e-mail address, network
// handle) of a world of `adverts`. Unrelated posters of the same name draw the
// same contact with probability 1 / (hi - lo + 1), so with fixed pools a larger
// world would tie more unrelated adverts per advert together, which real
// accounts (unique on their platform) do not. Pools are therefore sized for a
// world of kContactPoolAdverts and grow in proportion beyond it: a 1 M world
// has as many such coincidences per advert as a 100 k world. Smaller worlds keep
// `hi`, so their adverts do not change.
constexpr int64_t kContactPoolAdverts = 100'000;
int ContactHi(int lo, int hi, int64_t adverts) {
  if (adverts <= kContactPoolAdverts) return hi;
  return lo + static_cast<int>((static_cast<int64_t>(hi - lo + 1) * adverts) / kContactPoolAdverts) - 1;
}

}  // namespace

Advert World::Build(int64_t index, int day) const {
  const uint64_t seed = spec_.seed;
  const AdvertMeta m = Meta(index);
  const int local = static_cast<int>(index % kChunkAdverts);
  Advert a;
  a.meta = m;
  a.built_day = day;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "P%08lld", static_cast<long long>(m.poster));
  a.poster_id = buf;
  if (m.kind == PosterKind::kExploitation) a.network_id = "N" + a.poster_id.substr(1);

  const Town& town = Towns()[static_cast<size_t>(m.town)];
  const Worker w = MakeWorker(seed, m.poster, m.worker, m.kind);
  const Worker w0 = MakeWorker(seed, m.poster, 0, m.kind);
  const Nationality& nat = Nationalities()[static_cast<size_t>(w.nat)];
  a.name = w.name;
  a.age = w.age;
  a.nationality = nat.adjective;
  Rng pr(seed, "poster", static_cast<uint64_t>(m.poster));
  if (m.kind == PosterKind::kAgency) a.agency = pr.Pick(AgencyNames());
  const int template_id = static_cast<int>(pr.Below(NetworkTemplates().size()));
  const std::string spam_text = pr.Pick(SpamTexts());
  const std::string network_handle =
      "vip_" + Lower(pr.Pick(Nationalities()[3].names)) + std::to_string(pr.Range(10, ContactHi(10, 999, spec_.adverts)));
  const uint64_t poster_style = pr.Next();

  std::vector<GeneratedPhone> phones = PosterPhones(seed, m, w0);
  const size_t primary_i = m.kind == PosterKind::kExploitation ? static_cast<size_t>(m.worker) % phones.size() : 0;
  const GeneratedPhone& primary = phones[primary_i];

  Rng r(seed, "advert", static_cast<uint64_t>(index));
  const bool forced = local < static_cast<int>(TextPhoneStyles().size());
  const bool risky = m.kind == PosterKind::kExploitation || m.kind == PosterKind::kSpam;
  const bool image_only = !forced && (local == 21 || r.Chance(risky ? 0.04 : 0.01));
  const bool card = image_only || local == 20 || r.Chance(0.05);
  std::string desc_style;
  if (forced) {
    desc_style = TextPhoneStyles()[static_cast<size_t>(local)];
  } else if (!image_only) {
    static const std::vector<std::string> kPlainish = {"plain", "spaced", "intl_plus", "intl_0", "intl_00", "tel_link",
                                                       "whatsapp_link"};
    static const std::vector<std::string> kAgency = {"spaced", "plain", "intl_0", "tel_link"};
    switch (m.kind) {
      case PosterKind::kIndependent: desc_style = r.Chance(0.45) ? "" : r.Pick(kPlainish); break;
      case PosterKind::kAgency: desc_style = r.Pick(kAgency); break;
      case PosterKind::kExploitation:
        desc_style = r.Chance(0.9) ? r.Pick(TextPhoneStyles()) : "spaced";
        break;
      case PosterKind::kSpam:
        desc_style = TextPhoneStyles()[poster_style % TextPhoneStyles().size()];
        break;
    }
  }

  // Title and description.
  auto fill = [&](std::string s) {
    s = Fill(s, "name", w.name);
    s = Fill(s, "age", std::to_string(w.age));
    s = Fill(s, "nat", nat.adjective);
    s = Fill(s, "country", nat.country);
    s = Fill(s, "town", town.name);
    s = Fill(s, "TOWN", Upper(town.name));
    return s;
  };
  Desc d;
  std::string phone_lead = "Call or text me on";
  switch (m.kind) {
    case PosterKind::kIndependent: {
      static const std::vector<std::string> kAdj = {"Friendly", "Elegant", "Discreet", "Independent", "Classy", "Sweet"};
      a.title = w.name + ", " + std::to_string(w.age) + " \xE2\x80\x93 " + r.Pick(kAdj) + " companion in " + town.name;
      const auto& s = IndependentSentences();
      d.Add(fill(s[0]));
      std::vector<size_t> rest;
      for (size_t i = 1; i < s.size(); ++i) rest.push_back(i);
      r.Shuffle(rest);
      for (size_t i = 0; i < 3; ++i) d.Add(fill(s[rest[i]]));
      if (local == 22 || r.Chance(0.15)) {
        std::string b = fill(r.Pick(BaitSentences()));
        d.Add(b);
        a.bait.push_back(b);
      }
      break;
    }
    case PosterKind::kAgency: {
      a.title = w.name + " at " + a.agency + ", " + town.name;
      d.Add(a.agency + " \xE2\x80\x94 " + town.name + "'s friendly companion agency.");
      for (const auto& s : AgencySentences()) {
        if (r.Chance(0.7)) d.Add(fill(s));
      }
      a.indicators.push_back("she is");
      phone_lead = "Bookings:";
      break;
    }
    case PosterKind::kExploitation: {
      const NetworkTemplate& t = NetworkTemplates()[static_cast<size_t>(template_id)];
      a.title = fill(t.title);
      for (size_t i = 0; i + 1 < t.sentences.size(); ++i) d.Add(fill(t.sentences[i]));
      for (const auto& ind : t.indicators) a.indicators.push_back(Lower(fill(ind)));
      phone_lead = r.Chance(0.5) ? "Call" : "Text";
      break;
    }
    case PosterKind::kSpam:
      a.title = "VIP GIRLS IN " + Upper(town.name) + "!!!";
      d.Add(spam_text);
      phone_lead = "Call or WhatsApp";
      break;
  }
  if (!desc_style.empty()) {
    RenderedPhone rp = RenderPhone(primary, desc_style, r);
    d.AddRaw(HtmlEscape(phone_lead) + " " + rp.html, phone_lead + " " + rp.text);
    AddPhone(a, primary, rp.style, "description", rp.html);
  }
  if (m.kind == PosterKind::kIndependent && phones.size() > 1 && !image_only) {
    RenderedPhone rp = RenderPhone(phones[1], r.Chance(0.5) ? "whatsapp_link" : "spaced", r);
    d.AddRaw("WhatsApp: " + rp.html, "WhatsApp: " + rp.text);
    AddPhone(a, phones[1], rp.style, "description", rp.html);
  }
  for (const auto& occ : std::vector<PhoneOccurrence>(a.phone_occurrences)) {
    if (occ.style == "whatsapp_link") {
      a.handles.push_back({.platform = "whatsapp", .handle = occ.e164.substr(1), .style = "wa_link", .raw = occ.raw});
    }
  }
  if (m.kind == PosterKind::kExploitation) {
    const NetworkTemplate& t = NetworkTemplates()[static_cast<size_t>(template_id)];
    d.Add(fill(t.sentences.back()));
    if (r.Chance(0.5)) d.Add(r.Pick(Emoji()) + r.Pick(Emoji()));
  }

  // Emails and handles.
  std::string email;
  std::string email_style = "plain";
  static const std::vector<std::string> kEmailStyles = {"plain", "at_dot_words", "bracketed", "mailto"};
  Rng er(seed, "contact", static_cast<uint64_t>(m.poster));
  const std::string handle_base =
      Lower(w0.name) + (er.Chance(0.5) ? "_" : ".") + std::to_string(er.Range(1, ContactHi(1, 99, spec_.adverts)));
  switch (m.kind) {
    case PosterKind::kIndependent:
      if (er.Chance(0.4)) email = handle_base + "@" + er.Pick(EmailDomains());
      email_style = r.Pick(kEmailStyles);
      break;
    case PosterKind::kAgency:
      email = "bookings@" + Slugify(a.agency) + ".co.uk";
      email_style = r.Chance(0.5) ? "plain" : "mailto";
      break;
    case PosterKind::kExploitation:
      if (er.Chance(0.15)) email = network_handle + "@gmail.com";
      email_style = r.Chance(0.7) ? "at_dot_words" : "bracketed";
      break;
    case PosterKind::kSpam:
      if (er.Chance(0.6)) {
        email = "vip.bookings" + std::to_string(er.Range(1, ContactHi(1, 99, spec_.adverts))) + "@" +
                er.Pick(EmailDomains());
      }
      email_style = "plain";
      break;
  }
  if (!email.empty()) {
    std::string html;
    std::string raw = EmailRaw(email, email_style, &html);
    d.AddRaw("Email: " + html, "Email: " + raw);
    a.emails.push_back({.address = email, .style = email_style, .raw = raw});
  }
  std::string platform, handle;
  if (m.kind == PosterKind::kIndependent && er.Chance(0.3)) {
    static const std::vector<std::string> kP = {"instagram", "onlyfans", "x", "snapchat", "telegram"};
    platform = er.Pick(kP);
    handle = handle_base;
  } else if (m.kind == PosterKind::kAgency && er.Chance(0.5)) {
    platform = er.Chance(0.5) ? "instagram" : "x";
    handle = Slugify(a.agency);
    std::replace(handle.begin(), handle.end(), '-', '_');
  } else if (m.kind == PosterKind::kExploitation && er.Chance(0.6)) {
    platform = er.Chance(0.7) ? "telegram" : "snapchat";
    handle = network_handle;
  } else if (m.kind == PosterKind::kSpam && er.Chance(0.7)) {
    platform = "telegram";
    handle = network_handle;
  }
  if (!platform.empty()) {
    std::string html;
    HandleOccurrence h = MakeHandle(platform, handle, r, &html);
    d.AddRaw(html, h.raw);
    a.handles.push_back(h);
  }
  AddDecoys(a, d, town, r);

  // Prices and services.
  a.prices.push_back({30, r.Range(6, 12) * 10});
  a.prices.push_back({60, r.Range(10, 25) * 10});
  if (r.Chance(0.3)) a.prices.push_back({720, r.Range(60, 120) * 10});
  std::vector<std::string> services = Services();
  r.Shuffle(services);
  services.resize(static_cast<size_t>(r.Range(3, 5)));
  a.services = services;
  if (m.edit_day >= 0 && day >= m.edit_day) {
    for (auto& p : a.prices) p.pounds += 10;
    d.Add("Update: now also available on Sundays.");
  }
  a.description_html = d.html_;
  a.description_text = d.text_;

  // Images: photos from the poster's pool, then the phone card if any.
  std::vector<int> pool;
  switch (m.kind) {
    case PosterKind::kIndependent: pool = {0, 1, 2, 3}; break;
    case PosterKind::kAgency: pool = {m.worker * 3, m.worker * 3 + 1, m.worker * 3 + 2}; break;
    case PosterKind::kExploitation:
      for (int i = 0; i < 2 * Workers(m.kind, m.poster_adverts) + 1; ++i) pool.push_back(i);
      break;
    case PosterKind::kSpam: pool = {0, 1}; break;
  }
  r.Shuffle(pool);
  const int n_photos = std::min<int>(static_cast<int>(pool.size()), m.kind == PosterKind::kSpam ? 2 : r.Range(2, 4));
  for (int k = 0; k < n_photos; ++k) {
    const int n = pool[static_cast<size_t>(k)];
    Rng vr(seed, "variant", static_cast<uint64_t>(index), static_cast<uint64_t>(k));
    ImageRef img;
    img.path = ImagePath(m.site, m.site_id, k);
    img.original = "p" + std::to_string(m.poster) + "-" + std::to_string(n);
    img.original_seed = Hash(seed, "photo", static_cast<uint64_t>(m.poster), static_cast<uint64_t>(n));
    img.variant = MakeVariant(vr);
    a.images.push_back(img);
  }
  if (card) {
    static const std::vector<std::string> kCardStyles = {"plain", "spaced", "intl_plus", "intl_0"};
    RenderedPhone rp = RenderPhone(primary, r.Pick(kCardStyles), r);
    ImageRef img;
    img.path = ImagePath(m.site, m.site_id, n_photos);
    img.original = "card:" + std::to_string(m.site_id);
    img.original_seed = Hash(seed, "card", static_cast<uint64_t>(index));
    img.variant = ImageVariant{.quality = 92};
    img.card_phone = primary.e164;
    img.card_text = rp.text;
    a.images.push_back(img);
    AddPhone(a, primary, "image", "image", rp.text);
  }

  // The site's phone field.
  if (!image_only) {
    if (m.site == 0) {
      RenderedPhone rp = RenderPhone(primary, r.Chance(0.5) ? "plain" : "spaced", r);
      a.field_phone = primary.e164;
      AddPhone(a, primary, rp.style, "field", rp.html);
    } else if (m.site == 1) {
      a.field_phone = primary.e164;
      AddPhone(a, primary, "data_attribute", "attribute", primary.e164);
      AddPhone(a, primary, "json_script", "script", primary.e164);
    } else {
      RenderedPhone rp = RenderPhone(primary, "tel_link", r);
      a.field_phone = primary.e164;
      AddPhone(a, primary, "tel_link", "link", rp.html);
    }
  }

  // Profile, times.
  const int profile_worker = m.kind == PosterKind::kExploitation ? m.worker : 0;
  std::string prefix = m.kind == PosterKind::kAgency ? Slugify(a.agency)
                       : m.kind == PosterKind::kSpam ? "vip"
                       : Slugify(m.kind == PosterKind::kIndependent ? w0.name : w.name);
  a.profile_slug = prefix + "-" + ProfileToken(m.poster, profile_worker);
  const uint64_t th = Hash(seed, "time", static_cast<uint64_t>(index));
  a.posted = Timestamp(m.first_day, th);
  int updated_day = BumpDay(m, day);
  if (m.edit_day >= 0 && day >= m.edit_day) updated_day = std::max(updated_day, m.edit_day);
  a.updated = Timestamp(updated_day, th + static_cast<uint64_t>(updated_day) * 7919);
  for (int dd = m.first_day + 1; dd <= m.last_day; ++dd) {
    if (BumpedOn(seed, m, dd)) a.bump_days.push_back(dd);
  }
  return a;
}

}  // namespace admon::testsite
