/** @module Registers every built-in storage driver with the registry (import for side effects). */
import './memory/memory-backend.ts';
import './sqlite/sqlite-backend.ts';
