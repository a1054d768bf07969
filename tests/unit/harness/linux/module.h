/* host stand-in: the host runner is not a module, .modinfo records vanish */
#pragma once
#define MODULE_INFO(tag, info)
