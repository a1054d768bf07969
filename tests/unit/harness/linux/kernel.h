/* host stand-in, see types.h */
#pragma once
#include <linux/types.h>
