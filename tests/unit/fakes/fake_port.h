/* SPDX-License-Identifier: Apache-2.0 */
/* Deterministic stand-ins for the port's clock and random singletons. */
#ifndef FAKE_PORT_H
#define FAKE_PORT_H
#include <stdint.h>
#include "wk_port.h"

/* Monotonic clock the test moves; each wk_port_now_ms() call also adds fake_ms_step. */
extern uint32_t fake_now_ms;
extern uint32_t fake_ms_step;
/* UTC seconds returned by wk_port_utc_now(); fake_utc_fail makes it fail. */
extern int64_t fake_utc;
extern int fake_utc_fail;
/* Total milliseconds wk_port_wait() waited for time alone (backoff, drip). */
extern uint32_t fake_slept_ms;
#endif
