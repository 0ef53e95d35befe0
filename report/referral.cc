// Copyright 2026 The admon Authors.
#include "report/referral.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files.h"
#include "common/sha256.h"
#include "common/status.h"
#include "report/csv.h"
#include "report/html_parts.h"
#include "report/text.h"

namespace admon::report {
namespace {

constexpr size_t kReferralTextBytes = 1500;  // advert text per card on the printable page

struct Rule {
  std::vector<std::string> keys;  // substrings of a hit's category or id (lower case)
  std::string text;
};

const std::vector<Rule>& Rules() {
  static const auto* const kRules = new std::vector<Rule>{
      {{"youth", "minor", "child", "school", "underage", "young"},
       "URGENT SAFEGUARDING: indicators of youth / a possible minor. Treat as a possible child until established "
       "otherwise: contact police immediately (999 if there is immediate risk) and do not contact the advertiser."},
      {{"control", "third_party", "third-party", "manag", "pimp", "agency", "booker"},
       "Possible third-party control (someone else arranging, advertising or profiting): consider a modern "
       "slavery referral (National Referral Mechanism, First Responder) and engage the person safely, away from "
       "any controller."},
      {{"debt", "coerc", "restrict", "confine", "passport", "document", "threat"},
       "Indicators of coercion, debt bondage or restricted movement: consider Modern Slavery Act 2015 offences and "
       "an urgent welfare check."},
      {{"movement", "travel", "tour", "mobil", "relocat"},
       "Movement between towns: coordinate with the other police force areas listed; consider internal "
       "trafficking."},
      {{"language", "nationalit", "foreign", "english"},
       "Possible limited English / foreign national: arrange an independent interpreter (never one supplied by a "
       "third party)."},
  };
  return *kRules;
}

std::string ExtForContentType(const std::string& ct) {
  const std::string t = absl::AsciiStrToLower(ct);
  if (t.find("html") != std::string::npos) return "html";
  if (t.find("json") != std::string::npos) return "json";
  if (t.find("jpeg") != std::string::npos) return "jpg";
  if (t.find("png") != std::string::npos) return "png";
  if (t.find("webp") != std::string::npos) return "webp";
  if (t.find("xml") != std::string::npos) return "xml";
  if (t.find("text") != std::string::npos) return "txt";
  return "bin";
}

std::string ExtForImage(const std::string& b) {
  const std::string mime = html::ImageMime(b);
  if (mime.empty()) return "bin";
  return mime == "image/jpeg" ? "jpg" : mime.substr(6);  // "image/png" -> "png"
}

// A file of the package: relative path and hash.
struct Written {
  std::string path;
  std::string sha256;
  uint64_t bytes = 0;
};

std::string Reference(const ReferralModel& m) {
  if (!m.reference.empty()) return m.reference;
  std::string day = m.created_at.substr(0, std::min<size_t>(10, m.created_at.size()));
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  return absl::StrCat("ADM-", day, "-", m.subject_id);
}

std::string ReferralHtml(const ReferralModel& m, const std::vector<std::string>& safeguarding,
                         const nlohmann::json& evidence) {
  std::string out = html::Head(absl::StrCat("Referral ", Reference(m)),
                               "@page{size:A4;margin:12mm}body{font-size:12px;max-width:900px}"
                               ".safe{border:2px solid #b00020;padding:6px 10px;background:#fff4f4}");
  absl::StrAppend(&out, "<div class=\"banner\">OFFICIAL-SENSITIVE &middot; referral &middot; personal data</div>\n",
                  "<h1>Referral ", HtmlEscape(Reference(m)), "</h1>\n");
  std::vector<std::vector<std::string>> facts = {
      {"subject", absl::StrCat(m.subject_kind, " ", m.subject_id)},
      {"routes to", m.force.empty() ? "(no police force area resolved)" : m.force},
      {"why this force", m.force_reason},
      {"other force areas", JoinCell(m.other_forces)},
      {"score / flag", absl::StrCat(html::Score(m.score), " / ", FlagName(m.flag))},
      {"flag reason", m.flag_reason},
      {"created", absl::StrCat(m.created_at, m.created_by.empty() ? "" : " by ", m.created_by)},
      {"indicator catalogue", m.catalogue_version},
  };
  out += html::FactsTable(facts) + "<div class=\"safe\"><h3>Safeguarding considerations</h3><ul>";
  for (const std::string& s : safeguarding) absl::StrAppend(&out, "<li>", HtmlEscape(s), "</li>");
  out += "</ul></div>\n<h3>Why flagged</h3>\n" + html::HitsTable(m.hits);
  std::vector<std::vector<std::string>> ids;
  auto add = [&](const char* kind, const std::vector<std::string>& v) {
    if (!v.empty()) ids.push_back({kind, JoinCell(v)});
  };
  add("phones", m.phones);
  add("emails", m.emails);
  add("handles", m.handles);
  add("names", m.names);
  add("ages", m.ages);
  add("nationalities", m.nationalities);
  add("images (sha256)", m.image_sha256);
  out += "<h3>Identifiers</h3>\n" + html::Table({"kind", "values"}, ids);
  std::vector<std::vector<std::string>> locs;
  for (const LocationTime& l : m.locations) {
    locs.push_back({l.town, l.force, l.first_seen, l.last_seen, std::to_string(l.adverts)});
  }
  out += "<h3>Locations and times</h3>\n" + html::Table({"town", "force", "first seen", "last seen", "adverts"}, locs);
  out += absl::StrCat("<h3>Adverts (", m.adverts.size(), ")</h3>\n");
  for (const AdvertView& a : m.adverts) out += html::AdvertCard(a, html::ImagePolicy{}, kReferralTextBytes);
  std::vector<std::vector<std::string>> ev;
  for (const auto& e : evidence) {
    ev.push_back({e.value("path", ""), e.value("sha256", ""), e.value("url", ""), e.value("fetched", ""),
                  e.value("integrity", "")});
  }
  out += "<h3>Evidence files</h3>\n" + html::Table({"file", "sha256", "source URL", "captured", "integrity"}, ev) +
         "<p class=\"note\">Verify the package with <code>sha256sum -c manifest.sha256</code> in this directory. "
         "A flag is an indicator for assessment, not proof of trafficking.</p>\n";
  out += html::Foot();
  return out;
}

}  // namespace

std::vector<std::string> SuggestSafeguarding(const ReferralModel& m) {
  std::vector<std::string> out;
  std::set<size_t> fired;
  auto scan = [&](const std::vector<HitView>& hits) {
    for (const HitView& h : hits) {
      const std::string key = absl::AsciiStrToLower(absl::StrCat(h.category, " ", h.id));
      for (size_t r = 0; r < Rules().size(); ++r) {
        for (const std::string& k : Rules()[r].keys) {
          if (key.find(k) != std::string::npos) fired.insert(r);
        }
      }
    }
  };
  scan(m.hits);
  for (const AdvertView& a : m.adverts) {
    scan(a.hits);
    if (a.age > 0 && a.age < 18) fired.insert(0);  // a stated age under 18 is the youth rule
  }
  std::set<std::string> towns;
  for (const LocationTime& l : m.locations) {
    if (!l.town.empty()) towns.insert(l.town);
  }
  if (towns.size() > 1) fired.insert(3);
  for (size_t r : fired) out.push_back(Rules()[r].text);
  if (towns.size() > 1) {
    out.push_back(absl::StrCat("Advertised in ", towns.size(), " towns: ", JoinCell({towns.begin(), towns.end()}),
                               "."));
  }
  out.push_back(
      "A flag is an indicator for assessment, not proof: most adverts are placed by independent adults. Use a "
      "victim-centred, trauma-informed approach and do not disclose the source of this referral to the "
      "advertiser.");
  return out;
}

nlohmann::json ReferralToJson(const ReferralModel& m) {
  nlohmann::json j;
  j["schema_version"] = 1;
  j["reference"] = Reference(m);
  j["created_at"] = m.created_at;
  j["created_by"] = m.created_by;
  j["catalogue_version"] = m.catalogue_version;
  j["subject"] = {{"kind", m.subject_kind}, {"id", m.subject_id}};
  j["routing"] = {{"force", m.force}, {"reason", m.force_reason}, {"other_forces", m.other_forces}};
  j["score"] = m.score;
  j["flag"] = m.flag;
  j["flag_reason"] = m.flag_reason;
  j["hits"] = m.hits;
  j["identifiers"] = {{"phones", m.phones}, {"emails", m.emails}, {"handles", m.handles}, {"names", m.names},
                      {"ages", m.ages}, {"nationalities", m.nationalities}, {"image_sha256", m.image_sha256}};
  j["locations"] = m.locations;
  j["adverts"] = m.adverts;
  j["links"] = m.links;
  j["safeguarding"] = m.safeguarding.empty() ? SuggestSafeguarding(m) : m.safeguarding;
  nlohmann::json caps = nlohmann::json::array();
  for (const CaptureEvidence& c : m.captures) {
    caps.push_back({{"url", c.url}, {"fetched", c.fetched}, {"http_status", c.http_status},
                    {"content_type", c.content_type}, {"sha256", c.sha256.empty() ? Sha256Hex(c.body) : c.sha256},
                    {"bytes", c.body.size()}});
  }
  j["captures"] = caps;
  return j;
}

absl::Status WriteReferral(const ReferralModel& m, const std::string& out_dir) {
  if (m.subject_kind.empty() || m.subject_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("referral ", out_dir, ": subject kind and id are required"));
  }
  std::error_code ec;
  if (std::filesystem::exists(out_dir, ec) && !std::filesystem::is_empty(out_dir, ec)) {
    return absl::AlreadyExistsError(absl::StrCat(out_dir, ": referral directory exists and is not empty"));
  }
  const std::string root = out_dir + "/";
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(root + "evidence/captures"));
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(root + "evidence/images"));
  std::vector<Written> files;
  auto write = [&](const std::string& rel, const std::string& bytes) -> absl::Status {
    ADMON_RETURN_IF_ERROR(WriteFileOwnerOnly(root + rel, bytes));
    files.push_back({rel, Sha256Hex(bytes), bytes.size()});
    return absl::OkStatus();
  };
  nlohmann::json evidence = nlohmann::json::array();
  int n = 0;
  for (const CaptureEvidence& c : m.captures) {
    const std::string sha = Sha256Hex(c.body);
    const std::string rel =
        absl::StrFormat("evidence/captures/%03d-%s.%s", ++n, sha.substr(0, 16), ExtForContentType(c.content_type));
    ADMON_RETURN_IF_ERROR(write(rel, c.body));
    evidence.push_back({{"kind", "capture"}, {"path", rel}, {"sha256", sha}, {"bytes", c.body.size()},
                        {"url", c.url}, {"fetched", c.fetched}, {"http_status", c.http_status},
                        {"content_type", c.content_type}, {"recorded_sha256", c.sha256},
                        {"integrity", c.sha256.empty() ? "not recorded" : (c.sha256 == sha ? "ok" : "MISMATCH")}});
  }
  std::set<std::string> seen_images;
  for (const ImageEvidence& im : m.images) {
    const std::string sha = Sha256Hex(im.bytes);
    if (!seen_images.insert(sha).second) continue;
    const std::string rel = absl::StrCat("evidence/images/", sha, ".", ExtForImage(im.bytes));
    ADMON_RETURN_IF_ERROR(write(rel, im.bytes));
    evidence.push_back({{"kind", "image"}, {"path", rel}, {"sha256", sha}, {"bytes", im.bytes.size()},
                        {"url", im.url}, {"fetched", im.fetched}, {"recorded_sha256", im.sha256},
                        {"integrity", im.sha256.empty() ? "not recorded" : (im.sha256 == sha ? "ok" : "MISMATCH")}});
  }
  if (m.write_warc) {
    const std::string rel = "evidence/captures.warc.gz";
    ADMON_RETURN_IF_ERROR(Annotate(m.write_warc(root + rel), root + rel));
    ::chmod((root + rel).c_str(), 0600);
    ADMON_ASSIGN_OR_RETURN(std::string warc, ReadFile(root + rel));
    files.push_back({rel, Sha256Hex(warc), warc.size()});
    evidence.push_back({{"kind", "warc"}, {"path", rel}, {"sha256", files.back().sha256}, {"bytes", warc.size()},
                        {"url", ""}, {"fetched", ""}, {"integrity", "ok"}});
  }
  const std::vector<std::string> safeguarding = m.safeguarding.empty() ? SuggestSafeguarding(m) : m.safeguarding;
  nlohmann::json j = ReferralToJson(m);
  j["evidence"] = evidence;
  j["manifest"] = "manifest.sha256";
  ADMON_RETURN_IF_ERROR(write("referral.json", j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
  ADMON_RETURN_IF_ERROR(write("referral.html", ReferralHtml(m, safeguarding, evidence)));
  std::sort(files.begin(), files.end(), [](const Written& a, const Written& b) { return a.path < b.path; });
  std::string manifest;
  for (const Written& f : files) absl::StrAppend(&manifest, f.sha256, "  ", f.path, "\n");
  return WriteFileOwnerOnly(root + "manifest.sha256", manifest);
}

}  // namespace admon::report
