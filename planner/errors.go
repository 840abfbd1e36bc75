package planner

import "errors"

// ErrBadRequest marks an error caused by the caller's input (a bad flag, an
// unknown ID), as opposed to an internal failure.
var ErrBadRequest = errors.New("planner: bad request")

// ErrInfeasible marks demand that cannot be met.
var ErrInfeasible = errors.New("planner: demand cannot be met")
