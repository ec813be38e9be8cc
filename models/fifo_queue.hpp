#pragma once
// A first-in first-out queue on one growable ring buffer. Unlike std::deque,
// an empty one owns no memory (a deque allocates a 512-byte block up
// front), so a million per-worker wait lists cost nothing until used, and a
// warmed-up one allocates nothing per push.
#include <cstddef>
#include <utility>
#include <vector>

namespace ratesim::models {

template <class T>
class FifoQueue {
public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    const T& front() const { return buffer_[head_]; }

    void push_back(T value) {
        if (size_ == buffer_.size()) grow();
        buffer_[(head_ + size_) % buffer_.size()] = std::move(value);
        ++size_;
    }
    // The queue must not be empty.
    void pop_front() {
        head_ = (head_ + 1) % buffer_.size();
        --size_;
    }

private:
    void grow() {
        std::vector<T> bigger(buffer_.empty() ? 4 : 2 * buffer_.size());
        for (std::size_t i = 0; i < size_; ++i)
            bigger[i] = std::move(buffer_[(head_ + i) % buffer_.size()]);
        buffer_ = std::move(bigger);
        head_ = 0;
    }

    std::vector<T> buffer_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

}  // namespace ratesim::models
