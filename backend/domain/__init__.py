"""The pure core: referral fields, screening rules. No framework imports."""
