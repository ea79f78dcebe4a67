#include "services/recruitment/domain/participant_csv.h"
