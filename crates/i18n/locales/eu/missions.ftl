## missions
