"""Events (trainings' dates, meet-ups, workshops): registration, waiting list, attendance, iCal feeds;
and policies read and acknowledged (ISO 9001 7.3 awareness)."""
