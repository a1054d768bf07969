/* host stand-in: the host runner has no module options */
#pragma once
#define module_param_named(name, var, type, perm) \
	static __attribute__((unused)) char **stp_param_##name = &(var)
