#include "queue/lock_strategy_internal.h"
namespace headlock {
std::unique_ptr<LockStrategy> MakeLockIndexStrategy() { return MakeOrderNoStrategy(); }
std::unique_ptr<LockStrategy> MakeFilterStrategy() { return MakeOrderNoStrategy(); }
std::unique_ptr<LockStrategy> MakeClientSideStrategy() { return MakeOrderNoStrategy(); }
}
