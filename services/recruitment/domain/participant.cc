#include "services/recruitment/domain/participant.h"
