module schedcost/go

go 1.19
