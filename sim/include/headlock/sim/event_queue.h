// EventQueue: the simulator's agenda, ordered by (time, sequence). The
// sequence number is the order of scheduling, so events at the same
// millisecond run in the order they were scheduled: deterministic, whatever
// the heap does with ties.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

namespace headlock::sim {

struct Event {
  int64_t time_ms = 0;
  uint64_t seq = 0;
  uint32_t target = 0;      // who handles it (an actor, or kWorld)
  uint32_t generation = 0;  // the target's generation when scheduled (stale events are dropped)
  uint16_t slot = 0;        // the target's task slot, if any
  uint16_t kind = 0;        // what happens
};

class EventQueue {
 public:
  void Push(Event event) {
    event.seq = next_seq_++;
    heap_.push(event);
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.top(); }
  Event Pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time_ms != b.time_ms ? a.time_ms > b.time_ms : a.seq > b.seq;
    }
  };
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace headlock::sim
