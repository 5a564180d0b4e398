// Look-ups in the registries kept as std::map (groups, terms, referral desks): an entry
// or null, and the names registered.
#pragma once

#include <vector>

namespace harmsim {

template <class Map>
const typename Map::mapped_type* find_or_null(const Map& map, const typename Map::key_type& key) {
  const auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

template <class Map>
std::vector<typename Map::key_type> keys_of(const Map& map) {
  std::vector<typename Map::key_type> keys;
  keys.reserve(map.size());
  for (const auto& entry : map) keys.push_back(entry.first);
  return keys;
}

}  // namespace harmsim
