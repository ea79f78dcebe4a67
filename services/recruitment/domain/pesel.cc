#include "services/recruitment/domain/pesel.h"
