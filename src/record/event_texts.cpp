#include "cytostorm/record/event_texts.hpp"

namespace cytostorm::record {

std::string_view EventTexts::keep(std::string_view text) {
  if (!texts_) texts_ = std::make_shared<std::set<std::string, std::less<>>>();
  auto it = texts_->find(text);
  if (it == texts_->end()) it = texts_->emplace(text).first;
  return *it;
}

}  // namespace cytostorm::record
