// Copyright 2026 The admon Authors.
//
// Internals shared by the testsite sources (not part of the module contract).
#ifndef ADMON_TESTSITE_INTERNAL_H_
#define ADMON_TESTSITE_INTERNAL_H_

#include <cstdint>
#include <vector>

#include "testsite/world.h"

namespace admon::testsite {

inline constexpr int kMaxWorkers = 32;  // per poster; profile keys are poster * 32 + worker

struct PosterSlot {
  PosterKind kind = PosterKind::kIndependent;
  int size = 1;   // adverts
  int first = 0;  // first advert's offset in the chunk
};
struct ChunkLayout {
  std::vector<PosterSlot> posters;
};

ChunkLayout LayoutChunk(uint64_t seed, int64_t chunk);
int Workers(PosterKind kind, int size);
std::vector<int> NetworkTowns(uint64_t seed, int64_t poster);
int HomeTown(uint64_t seed, int64_t poster);
// True if the advert was bumped on `day` (never on its first day).
bool BumpedOn(uint64_t seed, const AdvertMeta& m, int day);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_INTERNAL_H_
