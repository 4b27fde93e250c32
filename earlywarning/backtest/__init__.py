"""The backtest of early-warning criteria: score a past year's students with what was known at the
end of an étape and compare with what happened. Everything happens in memory: the folder read is never
written to the platform's tables (ADR 0014)."""
