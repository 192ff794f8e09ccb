## Strategy: plans, scorecard, activity log, roadmap, reports
