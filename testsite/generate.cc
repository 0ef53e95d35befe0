// Copyright 2026 The admon Authors.
#include "testsite/generate.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/status.h"

namespace admon::testsite {
namespace {

constexpr size_t kWriteBuffer = 1 << 20;      // bytes of stdio buffer for truth.jsonl
constexpr size_t kMaxManifestBytes = 1 << 20;  // a manifest is a few KiB

nlohmann::json VariantJson(const ImageVariant& v) {
  return {{"crop", {v.crop_left, v.crop_top, v.crop_right, v.crop_bottom}},
          {"scale", v.scale},
          {"mirror", v.mirror},
          {"brightness", v.brightness},
          {"watermark", v.watermark},
          {"border", v.border},
          {"quality", v.quality}};
}

}  // namespace

nlohmann::json TruthJson(const Advert& a) {
  const AdvertMeta& m = a.meta;
  const std::string& site = Site(m.site).name;
  nlohmann::json j;
  j["site"] = site;
  j["url"] = AdvertPath(m);
  j["advert_id"] = site + ":" + std::to_string(m.site_id);
  j["index"] = m.index;
  j["poster"] = a.poster_id;
  j["worker"] = a.poster_id + "-w" + std::to_string(m.worker);
  j["network"] = a.network_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.network_id);
  j["kind"] = PosterKindName(m.kind);
  j["name"] = a.name;
  j["age"] = a.age;
  j["nationality"] = a.nationality;
  if (!a.agency.empty()) j["agency"] = a.agency;
  j["town"] = Towns()[static_cast<size_t>(m.town)].name;
  j["title"] = a.title;
  j["profile"] = ProfilePath(m.site, a.profile_slug);
  j["phones"] = a.phones;
  j["field_phone"] = a.field_phone.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.field_phone);
  nlohmann::json styles = nlohmann::json::array();
  for (const auto& p : a.phone_occurrences) {
    styles.push_back({{"phone", p.e164}, {"style", p.style}, {"where", p.where}, {"raw", p.raw}});
  }
  j["phone_styles"] = styles;
  nlohmann::json emails = nlohmann::json::array();
  for (const auto& e : a.emails) emails.push_back({{"address", e.address}, {"style", e.style}, {"raw", e.raw}});
  j["emails"] = emails;
  nlohmann::json handles = nlohmann::json::array();
  for (const auto& h : a.handles) {
    handles.push_back({{"platform", h.platform}, {"handle", h.handle}, {"style", h.style}, {"raw", h.raw}});
  }
  j["handles"] = handles;
  nlohmann::json images = nlohmann::json::array();
  for (const auto& i : a.images) {
    nlohmann::json ij = {{"url", i.path}, {"original", i.original}};
    if (i.card_phone.empty()) {
      ij["transform"] = VariantJson(i.variant);
    } else {
      ij["phone"] = i.card_phone;
      ij["text"] = i.card_text;
    }
    images.push_back(ij);
  }
  j["images"] = images;
  nlohmann::json prices = nlohmann::json::array();
  for (const auto& p : a.prices) prices.push_back({{"minutes", p.minutes}, {"pounds", p.pounds}});
  j["prices"] = prices;
  j["services"] = a.services;
  j["indicators"] = a.indicators;
  j["bait"] = a.bait;
  j["decoys"] = a.decoys;
  j["first_day"] = m.first_day;
  j["last_day"] = m.last_day;
  j["edit_day"] = m.edit_day < 0 ? nlohmann::json(nullptr) : nlohmann::json(m.edit_day);
  j["bump_days"] = a.bump_days;
  j["posted"] = a.posted;
  j["description"] = a.description_text;
  return j;
}

absl::StatusOr<GenerateStats> Generate(const GenerateOptions& options) {
  ADMON_RETURN_IF_ERROR(ValidateSpec(options.world));
  ADMON_RETURN_IF_ERROR(MakeDirsOwnerOnly(options.out_dir));
  const World world(options.world);

  nlohmann::json manifest = {{"format", kManifestFormat},
                             {"seed", options.world.seed},
                             {"adverts", options.world.adverts},
                             {"days", options.world.days},
                             {"start_date", World::DateOfDay(0)}};
  for (int s = 0; s < kNumSites; ++s) {
    const SiteInfo& info = Site(s);
    manifest["sites"].push_back({{"name", info.name},
                                 {"display", info.display},
                                 {"support_phone", info.support_phone},
                                 {"support_email", info.support_email}});
  }
  for (const Town& t : Towns()) manifest["towns"].push_back(t.name);
  ADMON_RETURN_IF_ERROR(
      WriteFileOwnerOnly(options.out_dir + "/" + kManifestFile, manifest.dump(2) + "\n"));

  const std::string path = options.out_dir + "/" + kTruthFile;
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoToStatus(errno, tmp);
  std::unique_ptr<FILE, int (*)(FILE*)> f(::fdopen(fd, "w"), &std::fclose);
  if (!f) {
    ::close(fd);
    return ErrnoToStatus(errno, tmp);
  }
  std::setvbuf(f.get(), nullptr, _IOFBF, kWriteBuffer);
  GenerateStats stats;
  for (int64_t i = 0; i < options.world.adverts; ++i) {
    const AdvertMeta m = world.Meta(i);
    const Advert a = world.Build(i, m.first_day);
    std::string line = TruthJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), f.get()) != line.size()) return ErrnoToStatus(errno, tmp);
    stats.adverts++;
    stats.phones += static_cast<int64_t>(a.phone_occurrences.size());
    stats.truth_bytes += line.size();
  }
  if (std::fflush(f.get()) != 0 || ::fsync(::fileno(f.get())) != 0) return ErrnoToStatus(errno, tmp);
  f.reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoToStatus(errno, path);
  return stats;
}

absl::StatusOr<WorldSpec> LoadManifest(const std::string& dir) {
  const std::string path = dir + "/" + kManifestFile;
  ADMON_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxManifestBytes));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return absl::DataLossError(absl::StrCat(path, ": not JSON"));
  if (j.value("format", "") != kManifestFormat) {
    return absl::DataLossError(absl::StrCat(path, ": format is not ", kManifestFormat));
  }
  if (!j.contains("seed") || !j["seed"].is_number_unsigned() || !j.contains("adverts") ||
      !j["adverts"].is_number_integer() || !j.contains("days") || !j["days"].is_number_integer()) {
    return absl::DataLossError(absl::StrCat(path, ": missing seed, adverts or days"));
  }
  WorldSpec spec{.seed = j["seed"].get<uint64_t>(), .adverts = j["adverts"].get<int64_t>(),
                 .days = j["days"].get<int>()};
  ADMON_RETURN_IF_ERROR(Annotate(ValidateSpec(spec), path));
  return spec;
}

}  // namespace admon::testsite
